import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digest, PendingDigests } from './fs.js';

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
/** The worker holds a few lists of at most a few thousand paths: a small heap saves about 8 MB of RSS. */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
const digestClaimed = ${digestClaimed.toString()};
const modules = { fs: require('node:fs'), crypto: require('node:crypto') };
const buffer = Buffer.allocUnsafe(${BUFFER});
parentPort.on('message', ({ id, paths, counter }) => {
  const shared = new Int32Array(counter);
  try { parentPort.postMessage({ id, digests: digestClaimed(modules, buffer, paths, () => Atomics.add(shared, 0, 1)) }); }
  catch (error) { parentPort.postMessage({ id, error: { message: error.message, code: error.code } }); }
});`;

type Reply = { id: number } & ({ digests: Claimed } | { error: { message: string; code?: string } });
type Job = { resolve: (claimed: Claimed) => void; reject: (error: Error) => void };

function byIndex(claimed: Claimed, count: number): Array<Digest | undefined> {
  const out = Array.from<Digest | undefined>({ length: count });
  for (const [i, digest] of claimed) out[i] = digest;
  return out;
}

/** One hashing worker, started on first use and ended after a short idle; jobs queue in its port. */
function hashingWorker() {
  let worker: Worker | undefined;
  let idle: NodeJS.Timeout | undefined;
  let nextId = 0;
  const jobs = new Map<number, Job>();
  const stopWhenIdle = (w: Worker) => {
    w.unref();
    idle = setTimeout(() => {
      if (worker === w) worker = undefined;
      void w.terminate();
    }, WORKER_IDLE_MS).unref();
  };
  const boot = () => {
    const w = new Worker(WORKER_SOURCE, { eval: true, resourceLimits: WORKER_HEAP });
    w.on('message', (reply: Reply) => {
      const job = jobs.get(reply.id);
      jobs.delete(reply.id);
      if (jobs.size === 0) stopWhenIdle(w);
      if ('error' in reply) job?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else job?.resolve(reply.digests);
    });
    // A worker that died takes its queue with it; the next job starts a new one.
    w.on('error', (error) => {
      if (worker === w) worker = undefined;
      for (const job of jobs.values()) job.reject(error);
      jobs.clear();
    });
    stopWhenIdle(w);
    return w;
  };
  return {
    boot: () => void (worker ??= boot()),
    ask(paths: readonly string[], counter: SharedArrayBuffer): Promise<Claimed> {
      const w = (worker ??= boot());
      clearTimeout(idle);
      w.ref();
      const id = nextId++;
      return new Promise<Claimed>((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        w.postMessage({ id, paths, counter });
      });
    },
  };
}

export interface Digester {
  digests(paths: readonly string[]): Promise<Array<Digest | undefined>>;
  startDigests(paths: readonly string[]): PendingDigests;
}

/**
 * Hashes on two cores: this thread, whose file calls are synchronous, and a worker thread take files
 * from the same list until it is done. `startDigests` hands a list to the worker alone; this thread joins
 * in only when it asks for the result. With `early` the worker boots at once, while the plan is made.
 */
export function twoCoreDigests(early = false): Digester {
  const buffer = Buffer.allocUnsafe(BUFFER);
  const worker = hashingWorker();
  const mineOf = (paths: readonly string[], counter: Int32Array) => digestClaimed({ fs, crypto }, buffer, paths, () => Atomics.add(counter, 0, 1));
  const start = (paths: readonly string[]): PendingDigests => {
    const counter = new Int32Array(new SharedArrayBuffer(4));
    if (paths.length < WORKER_FROM) return { result: async () => byIndex(mineOf(paths, counter), paths.length) };
    const theirs = worker.ask(paths, counter.buffer as SharedArrayBuffer);
    theirs.catch(() => undefined);
    return {
      async result() {
        let mine: Claimed;
        try {
          mine = mineOf(paths, counter);
        } catch (error) {
          Atomics.store(counter, 0, paths.length);
          await theirs.catch(() => undefined);
          throw error;
        }
        return byIndex([...mine, ...(await theirs)], paths.length);
      },
    };
  };
  if (early) worker.boot();
  return { digests: (paths) => start(paths).result(), startDigests: start };
}
