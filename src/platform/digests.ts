import { createHash } from 'node:crypto';
import type { Digest, Fs, Pending } from './fs.js';

/** The portable way: one file after another through the Fs's own lstat and chunked reads (memfs, test volumes). */
export async function digestsOneByOne(fs: Pick<Fs, 'lstat' | 'readChunks'>, paths: readonly string[]): Promise<Array<Digest | undefined>> {
  const out: Array<Digest | undefined> = [];
  for (const path of paths) {
    if ((await fs.lstat(path))?.kind !== 'file') {
      out.push(undefined);
      continue;
    }
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of fs.readChunks(path)) {
      hash.update(chunk);
      size += chunk.length;
    }
    out.push({ size, sha256: hash.digest('hex') });
  }
  return out;
}

/** `startDigests` where hashing has no other thread: it starts now and runs between this caller's awaits. */
export function startedNow<T>(digests: Promise<Array<T | undefined>>): Pending<T> {
  return {
    ready: digests.then(
      () => undefined,
      () => undefined,
    ),
    result: () => digests,
  };
}
