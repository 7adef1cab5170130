import { dirname, join } from 'node:path';
import type { Fs } from '../../src/platform/fs.js';
import { findChild } from '../../src/platform/windows-paths.js';

/** What manages Windows Update on this machine: none of it is touched, and the plan says so. */
export interface Management {
  name: string;
  /** The file or folder that shows it. */
  seen: string;
}

/** Folders whose presence shows a management client: under the Windows folder, or beside it on the volume. */
const CLIENT_FOLDERS: ReadonlyArray<{ name: string; under: 'windir' | 'volume'; path: readonly string[] }> = [
  { name: 'ConfigMgr client', under: 'windir', path: ['CCM'] },
  { name: 'Intune Management Extension', under: 'volume', path: ['Program Files (x86)', 'Microsoft Intune Management Extension'] },
  { name: 'Intune Management Extension', under: 'volume', path: ['ProgramData', 'Microsoft', 'IntuneManagementExtension'] },
];
/** A policy file larger than this is not read (a real one holds a few KB). */
const POLICY_LIMIT = 4 * 1024 * 1024;

/** Registry.pol stores value names in UTF-16LE: a WSUS policy sets WUServer. */
const WSUS_VALUE = Buffer.from('WUServer', 'utf16le');

async function pathOf(fs: Fs, from: string, names: readonly string[]): Promise<string | undefined> {
  let at = from;
  for (const name of names) {
    const entry = await findChild(fs, at, name).catch(() => undefined);
    if (!entry || entry.kind !== 'dir') return entry && names.at(-1) === name ? join(at, entry.name) : undefined;
    at = join(at, entry.name);
  }
  return at;
}

/** Read-only: the machine policy file and the management clients' folders, under any case. */
export async function detectManagement(fs: Fs, windir: string): Promise<Management[]> {
  const found: Management[] = [];
  const pol = await pathOf(fs, windir, ['System32', 'GroupPolicy', 'Machine', 'Registry.pol']);
  const polInfo = pol ? await fs.lstat(pol) : undefined;
  if (
    pol &&
    polInfo?.kind === 'file' &&
    polInfo.size <= POLICY_LIMIT &&
    (await fs.readFile(pol)).toString('latin1').toLowerCase().includes(WSUS_VALUE.toString('latin1').toLowerCase())
  )
    found.push({ name: 'WSUS (Group Policy sets WUServer)', seen: pol });
  for (const client of CLIENT_FOLDERS) {
    const path = await pathOf(fs, client.under === 'windir' ? windir : dirname(windir), client.path);
    if (path && !found.some((f) => f.name === client.name)) found.push({ name: client.name, seen: path });
  }
  return found;
}
