import { join } from 'node:path';
import type { Fs } from '../platform/fs.js';
import type { RunCommand } from '../platform/sc/sc-services.js';
import { textLines, type LineStats } from '../platform/text-lines.js';
import { dberrEvidence, edbLogEvidence } from './catroot2.js';
import { cbsEvidence } from './cbs-log.js';
import { dismEvidence } from './dism-log.js';
import { eventLogEvidence } from './event-log.js';
import type { Evidence } from './evidence.js';
import { findEvidenceFiles, type EvidenceFiles } from './layout.js';
import { reportingEventsEvidence } from './reporting-events.js';
import { windowsUpdateLogEvidence } from './windows-update-log.js';

/** What reading found besides the evidence, for the caller to show: nothing here stops the reading. */
export interface EvidenceTrace {
  files?: EvidenceFiles;
  /** Every file opened, in order. */
  read: string[];
  /** Logs with lines longer than MAX_LINE: only each line's start was read. */
  cut: Array<{ file: string } & LineStats>;
  /** Files, folders or queries that could not be read, and why. */
  problems: string[];
}

export interface EvidenceOptions {
  /** Online, the System and Application event logs are read too (through `run`). */
  online: boolean;
  /** Runs a program by absolute path and returns its output: wevtutil.exe, online. */
  run?: RunCommand;
  /** %ProgramData% online; offline it is looked for beside the Windows folder. */
  programData?: string;
  /** Text copies of WindowsUpdate.log that Get-WindowsUpdateLog made: read, never made. */
  windowsUpdateLogCopies?: readonly string[];
  trace?: EvidenceTrace;
}

/** Runs every reader whose file exists under `windir` (any case), and the event log online. Read-only. */
export async function readEvidence(fs: Fs, windir: string, options: EvidenceOptions): Promise<Evidence[]> {
  const trace = options.trace ?? { read: [], cut: [], problems: [] };
  const files = await findEvidenceFiles(fs, windir, { programData: options.programData, problems: trace.problems });
  trace.files = files;
  async function* lines(file: string): AsyncIterable<string> {
    trace.read.push(file);
    const stats: LineStats = { cutLines: 0, skippedChars: 0 };
    try {
      // NUL blocks (an unclean shutdown) are dropped: the text after one is read.
      yield* textLines(fs, file, { stats, dropNul: true });
    } catch (error) {
      trace.problems.push(`${file}: ${(error as Error).message}`);
    } finally {
      if (stats.cutLines) trace.cut.push({ file, ...stats });
    }
  }
  const evidence: Evidence[] = [];
  if (files.reportingEvents) evidence.push(...(await reportingEventsEvidence(files.reportingEvents, lines(files.reportingEvents))));
  if (files.cbsLogs.length) evidence.push(...(await cbsEvidence(files.cbsLogs.map((file) => ({ file, lines: lines(file) })))));
  if (files.dismLog) evidence.push(...(await dismEvidence(files.dismLog, lines(files.dismLog))));
  for (const file of [...(files.windowsUpdateLog ? [files.windowsUpdateLog] : []), ...(options.windowsUpdateLogCopies ?? [])]) {
    evidence.push(...(await windowsUpdateLogEvidence(file, lines(file))));
  }
  if (files.edbLog) {
    trace.read.push(files.edbLog);
    evidence.push(...(await edbLogEvidence(fs, files.edbLog).catch((error: Error) => (trace.problems.push(`${files.edbLog}: ${error.message}`), []))));
  }
  if (files.dberr) evidence.push(...(await dberrEvidence(files.dberr, lines(files.dberr))));
  if (options.online) {
    if (!options.run || !files.system32) trace.problems.push('event log not read: no way to run wevtutil.exe');
    else evidence.push(...(await eventLogEvidence(options.run, join(files.system32, 'wevtutil.exe'), trace.problems)));
  }
  return evidence;
}
