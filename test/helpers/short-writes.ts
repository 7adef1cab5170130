import type { FsPromises } from '../../src/platform/fs-module.js';

/** How many of the bytes a write call asks for go out: fewer is a short write, 0 a full disk. It may throw. */
export type Take = (path: string, chunk: Buffer) => number;

/**
 * node:fs/promises (or a memfs volume's) on a disk whose write calls take only `take` bytes. Both write
 * forms are served, (string) and (buffer, offset, length, position), so code that ignores the byte count
 * gets its records cut as a real disk would cut them.
 */
export function shortWriting(p: FsPromises, take: Take): FsPromises {
  const open = async (path: string, flags: string) => {
    const handle = await p.open(path, flags);
    const write = async (data: string | Buffer, offset = 0, length?: number, position: number | null = null) => {
      const buffer = typeof data === 'string' ? Buffer.from(data) : data;
      const asked = length ?? buffer.length - offset;
      const n = Math.min(asked, take(path, buffer.subarray(offset, offset + asked)));
      return n > 0 ? handle.write(buffer, offset, n, position) : { bytesWritten: 0, buffer };
    };
    return Object.assign(Object.create(handle), { write, read: handle.read.bind(handle), sync: handle.sync.bind(handle), close: handle.close.bind(handle) });
  };
  return new Proxy(p, { get: (target, key) => (key === 'open' ? open : (target as any)[key].bind(target)) });
}

export const atMost =
  (bytes: number): Take =>
  (_path, chunk) =>
    Math.min(bytes, chunk.length);

/**
 * The disk fills up during the `nth` write that `pick` chooses: that call takes half its bytes, and every
 * later one takes none ('returns 0') or fails ('throws ENOSPC'), as a nearly full disk does.
 */
export function fillsDuring(pick: (path: string, text: string) => boolean, nth = 1, then: 'returns 0' | 'throws ENOSPC' = 'returns 0'): Take {
  let seen = 0;
  let full = false;
  return (path, chunk) => {
    if (full && then === 'throws ENOSPC') throw Object.assign(new Error(`ENOSPC: no space left on device, write ${path}`), { code: 'ENOSPC' });
    if (full) return 0;
    if (pick(path, chunk.toString('utf8')) && ++seen === nth) {
      full = true;
      return Math.floor(chunk.length / 2);
    }
    return chunk.length;
  };
}
