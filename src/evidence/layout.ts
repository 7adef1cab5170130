import { dirname, join } from 'node:path';
import type { EntryKind, Fs } from '../platform/fs.js';
import { findChild } from '../platform/windows-paths.js';

/** The evidence files of a modern Windows (10/11, Server 2016-2025) that exist, found in any case. */
export interface EvidenceFiles {
  windir: string;
  system32?: string;
  /** Beside the Windows folder offline; online, %ProgramData% as the caller gives it. */
  programData?: string;
  reportingEvents?: string;
  /** CbsPersist_<timestamp>.log oldest first, then CBS.log: the order they were written in. */
  cbsLogs: string[];
  dismLog?: string;
  windowsUpdateLog?: string;
  catroot2?: string;
  edbLog?: string;
  dberr?: string;
}

/** A Windows that writes CBS.log, DISM.log or ReportingEvents.log (Vista and later): Server 2003 has none of them. */
export const isModernWindows = (files: EvidenceFiles | undefined): boolean =>
  Boolean(files && (files.reportingEvents || files.cbsLogs.length || files.dismLog));

/** Whatever stands in the way of a folder's listing, the other files are still looked for. */
async function child(fs: Fs, dir: string | undefined, name: string, kind: EntryKind, problems: string[]): Promise<string | undefined> {
  if (dir === undefined) return undefined;
  try {
    const entry = await findChild(fs, dir, name);
    // A link is not followed: it could lead anywhere.
    return entry?.kind === kind ? join(dir, entry.name) : undefined;
  } catch (error) {
    problems.push(`${dir}: ${(error as Error).message}`);
    return undefined;
  }
}

async function cbsLogs(fs: Fs, dir: string | undefined, problems: string[]): Promise<string[]> {
  if (dir === undefined) return [];
  try {
    const files = (await fs.readdir(dir)).filter((e) => e.kind === 'file');
    const persisted = files.filter((e) => /^CbsPersist_\d+\.log$/i.test(e.name)).map((e) => e.name);
    const current = files.find((e) => e.name.toUpperCase() === 'CBS.LOG')?.name;
    // The timestamp in the name sorts as text; older logs compressed to .cab are not read.
    return [...persisted.sort((a, b) => a.toUpperCase().localeCompare(b.toUpperCase())), ...(current ? [current] : [])].map((n) => join(dir, n));
  } catch (error) {
    problems.push(`${dir}: ${(error as Error).message}`);
    return [];
  }
}

export async function findEvidenceFiles(fs: Fs, windir: string, options: { programData?: string; problems?: string[] } = {}): Promise<EvidenceFiles> {
  const problems = options.problems ?? [];
  const system32 = await child(fs, windir, 'System32', 'dir', problems);
  const softwareDistribution = await child(fs, windir, 'SoftwareDistribution', 'dir', problems);
  const logs = await child(fs, windir, 'Logs', 'dir', problems);
  const catroot2 = await child(fs, system32, 'catroot2', 'dir', problems);
  return {
    windir,
    system32,
    programData: options.programData ?? (await child(fs, dirname(windir), 'ProgramData', 'dir', problems)),
    reportingEvents: await child(fs, softwareDistribution, 'ReportingEvents.log', 'file', problems),
    cbsLogs: await cbsLogs(fs, await child(fs, logs, 'CBS', 'dir', problems), problems),
    dismLog: await child(fs, await child(fs, logs, 'DISM', 'dir', problems), 'dism.log', 'file', problems),
    windowsUpdateLog: await child(fs, windir, 'WindowsUpdate.log', 'file', problems),
    catroot2,
    edbLog: await child(fs, catroot2, 'edb.log', 'file', problems),
    dberr: await child(fs, catroot2, 'dberr.txt', 'file', problems),
  };
}
