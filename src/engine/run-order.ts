import { join } from 'node:path';
import type { Fs } from '../platform/fs.js';

export const runsDir = (stateDir: string) => join(stateDir, 'runs');

// A run folder is `<sequence>-<clock id>`. The sequence orders runs: a rescue machine's clock can be hours
// behind the one that made the last run. Format-1 folders are the clock id alone.
const SEQUENCED = /^(\d{6,})-/;

export function sequenceOf(name: string): number | undefined {
  const match = SEQUENCED.exec(name);
  return match ? Number(match[1]) : undefined;
}

const byName = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Oldest first: format-1 runs among themselves by name, all before the sequenced runs, which go by sequence. */
export function byRunOrder(a: string, b: string): number {
  const [sa, sb] = [sequenceOf(a), sequenceOf(b)];
  if (sa === undefined || sb === undefined) return sa !== undefined ? 1 : sb !== undefined ? -1 : byName(a, b);
  return sa - sb || byName(a, b);
}

/** The names of the run folders, oldest first. */
export async function runNames(fs: Fs, stateDir: string): Promise<string[]> {
  if ((await fs.lstat(runsDir(stateDir)))?.kind !== 'dir') return [];
  return (await fs.readdir(runsDir(stateDir)))
    .filter((e) => e.kind === 'dir')
    .map((e) => e.name)
    .sort(byRunOrder);
}
