import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digest } from './fs.js';

type Modules = { fs: typeof fs; crypto: typeof crypto };

type Claimed = Array<[number, Digest | undefined]>;

/**
 * Size and sha256 of each regular file whose index `claim` hands out (undefined for anything else: links
 * are never followed), read into one reused buffer. Both threads claim from one shared counter, so the
 * one that started late or met bigger files simply does fewer. It names nothing from outside its
 * parameters because its source text is also the hashing worker's code.
 */
function digestClaimed({ fs, crypto }: Modules, buffer: Buffer, paths: readonly string[], claim: () => number): Claimed {
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
  const digest = (path: string): Digest | undefined => {
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
  };
  const out: Claimed = [];
  for (let i = claim(); i < paths.length; i = claim()) out.push([i, digest(paths[i] as string)]);
  return out;
}

const BUFFER = 256 * 1024;
/** Below this, a worker's round trip costs more than it saves. */
const WORKER_FROM = 64;
const WORKER_IDLE_MS = 2000;
/** The worker holds one list of at most a few thousand paths: a small heap saves about 8 MB of RSS. */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
const digestClaimed = ${digestClaimed.toString()};
const modules = { fs: require('node:fs'), crypto: require('node:crypto') };
const buffer = Buffer.allocUnsafe(${BUFFER});
parentPort.on('message', ({ paths, counter }) => {
  const shared = new Int32Array(counter);
  try { parentPort.postMessage({ digests: digestClaimed(modules, buffer, paths, () => Atomics.add(shared, 0, 1)) }); }
  catch (error) { parentPort.postMessage({ error: { message: error.message, code: error.code } }); }
});`;

type Reply = { digests: Claimed } | { error: { message: string; code?: string } };

function byIndex(claimed: Claimed, count: number): Array<Digest | undefined> {
  const out = Array.from<Digest | undefined>({ length: count });
  for (const [i, digest] of claimed) out[i] = digest;
  return out;
}

/**
 * Hashes on two cores: this thread, whose file calls are synchronous, and a worker thread take files
 * from the same list until it is done. The worker starts on first use (or at once with `early`, to
 * boot while the plan is made) and ends after a short idle.
 */
export function twoCoreDigests(early = false): (paths: readonly string[]) => Promise<Array<Digest | undefined>> {
  const buffer = Buffer.allocUnsafe(BUFFER);
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  const start = () => {
    if (!worker) {
      worker = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: WORKER_HEAP });
      worker.unref();
    }
    const w = worker;
    clearTimeout(idle);
    idle = setTimeout(() => {
      if (worker === w) worker = undefined;
      void w.terminate();
    }, WORKER_IDLE_MS).unref();
    return w;
  };
  const ask = (paths: readonly string[], counter: SharedArrayBuffer) =>
    new Promise<Claimed>((resolve, reject) => {
      const w = start();
      w.ref();
      const settle = (reply: Reply | Error) => {
        w.off('message', settle).off('error', settle).unref();
        if (reply instanceof Error) {
          // The worker died: the next call starts a new one.
          if (worker === w) worker = undefined;
          return reject(reply);
        }
        start();
        if ('error' in reply) reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
        else resolve(reply.digests);
      };
      w.on('message', settle).on('error', settle);
      w.postMessage({ paths, counter });
    });
  if (early) start();
  return async (paths) => {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    const claim = () => Atomics.add(counter, 0, 1);
    if (paths.length < WORKER_FROM) return byIndex(digestClaimed({ fs, crypto }, buffer, paths, claim), paths.length);
    const theirs = ask(paths, counter.buffer as SharedArrayBuffer);
    let mine: Claimed;
    try {
      mine = digestClaimed({ fs, crypto }, buffer, paths, claim);
    } catch (error) {
      Atomics.store(counter, 0, paths.length);
      await theirs.catch(() => undefined);
      throw error;
    }
    return byIndex([...mine, ...(await theirs)], paths.length);
  };
}
