import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digest } from './fs.js';

type Modules = { fs: typeof fs; crypto: typeof crypto };

/**
 * Size and sha256 of each regular file (undefined for anything else: links are never followed), read
 * into one reused buffer. It names nothing from outside its parameters because its source text is also
 * the hashing worker's code.
 */
function digestFilesSync({ fs, crypto }: Modules, buffer: Buffer, paths: readonly string[]): Array<Digest | undefined> {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  // Where open can refuse links itself (not on Windows), fstat of the open file replaces a second path walk.
  const noFollow = O_NOFOLLOW === undefined ? undefined : O_RDONLY | O_NOFOLLOW | (O_NONBLOCK ?? 0);
  const NOTHING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP']);
  const open = (path: string) => {
    try {
      if (noFollow !== undefined) return fs.openSync(path, noFollow);
      return fs.lstatSync(path, { throwIfNoEntry: false })?.isFile() ? fs.openSync(path, 'r') : undefined;
    } catch (error) {
      if (NOTHING.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
      throw error;
    }
  };
  return paths.map((path) => {
    const fd = open(path);
    if (fd === undefined) return undefined;
    try {
      if (noFollow !== undefined && !fs.fstatSync(fd).isFile()) return undefined;
      let size = fs.readSync(fd, buffer, 0, buffer.length, null);
      // A short read of a regular file is its end: catalogs take this one-read, one-shot path.
      if (size < buffer.length) return { size, sha256: crypto.hash('sha256', buffer.subarray(0, size), 'hex') };
      const hash = crypto.createHash('sha256').update(buffer);
      for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
      return { size, sha256: hash.digest('hex') };
    } finally {
      fs.closeSync(fd);
    }
  });
}

const BUFFER = 256 * 1024;
/** Below this, a worker's round trip costs more than it saves. */
const WORKER_FROM = 64;
const WORKER_IDLE_MS = 2000;
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
const digestFilesSync = ${digestFilesSync.toString()};
const modules = { fs: require('node:fs'), crypto: require('node:crypto') };
const buffer = Buffer.allocUnsafe(${BUFFER});
parentPort.on('message', (paths) => {
  try { parentPort.postMessage({ digests: digestFilesSync(modules, buffer, paths) }); }
  catch (error) { parentPort.postMessage({ error: { message: error.message, code: error.code } }); }
});`;

type Reply = { digests: Array<Digest | undefined> } | { error: { message: string; code?: string } };

/**
 * Hashes on two cores: a worker thread takes the second half of each list while this thread, whose file
 * calls are synchronous, does the first. The worker is started on first use and ends after a short idle.
 */
export function twoCoreDigests(): (paths: readonly string[]) => Promise<Array<Digest | undefined>> {
  const buffer = Buffer.allocUnsafe(BUFFER);
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  const ask = (paths: readonly string[]) =>
    new Promise<Array<Digest | undefined>>((resolve, reject) => {
      const w = (worker ??= new Worker(WORKER_SOURCE, { eval: true }));
      clearTimeout(idle);
      w.ref();
      const settle = (reply: Reply | Error) => {
        w.off('message', settle).off('error', settle).unref();
        if (reply instanceof Error) worker = undefined;
        idle = setTimeout(() => {
          if (worker === w) worker = undefined;
          void w.terminate();
        }, WORKER_IDLE_MS).unref();
        if (reply instanceof Error) reject(reply);
        else if ('error' in reply) reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
        else resolve(reply.digests);
      };
      w.on('message', settle).on('error', settle);
      w.postMessage(paths);
    });
  return async (paths) => {
    if (paths.length < WORKER_FROM) return digestFilesSync({ fs, crypto }, buffer, paths);
    const half = Math.floor(paths.length / 2);
    const theirs = ask(paths.slice(half));
    let mine: Array<Digest | undefined>;
    try {
      mine = digestFilesSync({ fs, crypto }, buffer, paths.slice(0, half));
    } catch (error) {
      await theirs.catch(() => undefined);
      throw error;
    }
    return [...mine, ...(await theirs)];
  };
}
