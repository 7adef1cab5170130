import type { Fs } from '../platform/fs.js';
import { textLines } from '../platform/text-lines.js';
import { readSvcpackSessions, type SvcpackSession } from './svcpack-log.js';

/**
 * Where svcpack.log stood at a moment: its size, how many sessions it held and how the last one began.
 * Session timestamps are the server's local time without a zone, so "after" is judged by position in
 * the log, never by comparing clocks.
 */
export interface SvcpackMark {
  bytes: number;
  sessions: number;
  /** The last session's timestamp as the log wrote it. */
  last?: string;
}

export interface SvcpackNow {
  bytes: number;
  sessions: SvcpackSession[];
}

/** The log as it is now; a missing log (or anything but a regular file) is an empty one. */
export async function readSvcpack(fs: Fs, path: string): Promise<SvcpackNow> {
  const info = await fs.lstat(path);
  if (info?.kind !== 'file') return { bytes: 0, sessions: [] };
  return { bytes: info.size, sessions: await readSvcpackSessions(path, textLines(fs, path, { dropNul: true })) };
}

export function markOf(now: SvcpackNow): SvcpackMark {
  const last = now.sessions.at(-1)?.started;
  return { bytes: now.bytes, sessions: now.sessions.length, ...(last === undefined ? {} : { last }) };
}

/**
 * The sessions begun after the mark. update.exe only appends to svcpack.log: a log that became shorter,
 * or whose session at the mark's place began otherwise, was replaced, and then all of it is new.
 */
export function sessionsSince(now: SvcpackNow, mark: SvcpackMark): { sessions: SvcpackSession[]; replaced: boolean } {
  const replaced =
    now.bytes < mark.bytes || now.sessions.length < mark.sessions || (mark.sessions > 0 && now.sessions[mark.sessions - 1]?.started !== mark.last);
  return { sessions: replaced ? now.sessions : now.sessions.slice(mark.sessions), replaced };
}

/** A mark read back from a journal: anything of another shape is no mark. */
export function asMark(value: unknown): SvcpackMark | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { bytes, sessions, last } = value as Record<string, unknown>;
  const count = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;
  if (!count(bytes) || !count(sessions) || (last !== undefined && typeof last !== 'string')) return undefined;
  return { bytes: bytes as number, sessions: sessions as number, ...(last === undefined ? {} : { last: last as string }) };
}
