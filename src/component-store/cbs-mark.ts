import { createHash } from 'node:crypto';
import type { Fs } from '../platform/fs.js';
import { textLines } from '../platform/text-lines.js';
import { watchBytes } from './watched-bytes.js';

/** Bytes of the log's beginning hashed into the mark: CBS.log begins with a dated line, so another file begins otherwise. */
export const HEAD_BYTES = 4096;

/**
 * Where CBS.log stood before DISM or SFC ran: what came after it is theirs. CBS only appends to CBS.log, and
 * rotates it (renames it to CbsPersist_<time>.log and begins a new one) when it has grown; a log shorter than
 * the mark, another file, or one that begins otherwise is not the one marked.
 */
export interface CbsMark {
  bytes: number;
  /** Lines ended by a line break at the mark. A last line still being written is not counted: it is read again. */
  lines: number;
  /** sha256 (hex) of the first `headBytes` bytes. */
  head: string;
  headBytes: number;
  /** The file's identity (device and inode, or file index), where the disk tells. */
  id?: string;
}

/** The mark of a log that is not there: everything that appears later is new. */
export const NO_LOG: CbsMark = { bytes: 0, lines: 0, head: createHash('sha256').digest('hex'), headBytes: 0 };

/** Where `file` stands now, read once from start to end (streamed: memory stays bounded). */
export async function markCbsLog(fs: Fs, file: string): Promise<CbsMark> {
  const info = await fs.lstat(file);
  if (info?.kind !== 'file') return NO_LOG;
  const watched = watchBytes(fs, HEAD_BYTES);
  let lines = 0;
  // NUL blocks are dropped as readCbsSince drops them, so both count the same lines.
  for await (const _line of textLines(watched.fs, file, { dropNul: true })) lines++;
  const { seen } = watched;
  if (lines > 0 && seen.lastNonZero !== 0x0a) lines--;
  return { bytes: seen.bytes, lines, head: seen.head(), headBytes: seen.headBytes, ...(info.id ? { id: info.id } : {}) };
}

/** A mark read back from a journal: anything of another shape is no mark. */
export function asCbsMark(value: unknown): CbsMark | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bytes, lines, head, headBytes, id } = value as Record<string, unknown>;
  const count = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!count(bytes) || !count(lines) || !count(headBytes) || headBytes > HEAD_BYTES) return undefined;
  if (typeof head !== 'string' || !/^[0-9a-f]{64}$/.test(head) || (id !== undefined && typeof id !== 'string')) return undefined;
  return { bytes, lines, head, headBytes, ...(id === undefined ? {} : { id }) };
}
