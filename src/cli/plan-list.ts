import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { errorCode, type Fs } from '../platform/fs.js';

/** Where the wizard's full file list goes: on the screen when it fits, into a new file when it does not. */
export interface PlanList {
  /** Lines the admin can read at once where the human text goes: a file or a pipe has no limit. */
  screenRows: number;
  /** Writes the list into a new file and returns its path; an existing file is never replaced. */
  write(pieces: Iterable<string>): Promise<string>;
}

/** A terminal that reports no height (a pty with no window size says 0) is taken to show this many lines. */
export const DEFAULT_ROWS = 40;

export function screenRowsOf(stream: Writable): number {
  const s = stream as Writable & { isTTY?: boolean; rows?: number };
  if (!s.isTTY) return Infinity;
  return typeof s.rows === 'number' && s.rows > 0 ? s.rows : DEFAULT_ROWS;
}

/** `stem.txt` in `dir`, or the first free `stem-N.txt`: made new, filled a piece at a time (100,000 lines are never one string). */
export async function writeNewTextFile(fs: Fs, dir: string, stem: string, pieces: Iterable<string>): Promise<string> {
  for (let n = 1; ; n++) {
    const path = join(dir, n === 1 ? `${stem}.txt` : `${stem}-${n}.txt`);
    try {
      await fs.createFile(path, '');
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    const file = await fs.openAppend(path);
    try {
      for (const piece of pieces) await file.append(piece);
    } finally {
      await file.close();
    }
    return path;
  }
}

export function planListOn(stream: Writable, fs: Fs, dir: string, stem: string): PlanList {
  return { screenRows: screenRowsOf(stream), write: (pieces) => writeNewTextFile(fs, dir, stem, pieces) };
}
