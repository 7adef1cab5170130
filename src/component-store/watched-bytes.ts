import { createHash, type Hash } from 'node:crypto';
import type { Fs } from '../platform/fs.js';

/** What passed through a watched read: its size, a hash of its first bytes, and how it ended. */
export interface WatchedBytes {
  bytes: number;
  /** sha256 (hex) of the first `headBytes` bytes read, at most the limit asked for. */
  head(): string;
  headBytes: number;
  /**
   * The last byte that was not 0: 0x0A when the text ends with a line break, in UTF-8 and in UTF-16LE
   * (`0A 00`) alike, and past a NUL block an unclean shutdown left at the end.
   */
  lastNonZero?: number;
}

/** `fs` whose reads are watched, for the reader (textLines) and the watcher to share one pass over the file. */
export function watchBytes(fs: Pick<Fs, 'readChunks'>, headLimit: number): { fs: Pick<Fs, 'readChunks'>; seen: WatchedBytes } {
  const hash: Hash = createHash('sha256');
  let digest: string | undefined;
  const seen: WatchedBytes = { bytes: 0, headBytes: 0, head: () => (digest ??= hash.digest('hex')) };
  const watch = (chunk: Buffer) => {
    seen.bytes += chunk.length;
    const take = Math.min(chunk.length, headLimit - seen.headBytes);
    if (take > 0) {
      hash.update(chunk.subarray(0, take));
      seen.headBytes += take;
    }
    for (let i = chunk.length - 1; i >= 0; i--) {
      if (chunk[i] !== 0) {
        seen.lastNonZero = chunk[i];
        break;
      }
    }
  };
  return {
    seen,
    fs: {
      async *readChunks(path: string) {
        for await (const chunk of fs.readChunks(path)) {
          watch(chunk);
          yield chunk;
        }
      },
    },
  };
}

/** The hash of a file's first `limit` bytes (fewer when it is shorter), reading no further than that. */
export async function headOf(fs: Pick<Fs, 'readChunks'>, path: string, limit: number): Promise<{ sha256: string; bytes: number }> {
  const watched = watchBytes(fs, limit);
  for await (const _chunk of watched.fs.readChunks(path)) if (watched.seen.headBytes >= limit) break;
  return { sha256: watched.seen.head(), bytes: watched.seen.headBytes };
}
