import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digest, PendingDigests } from './fs.js';

type Modules = { fs: typeof fs; crypto: typeof crypto };

/**
 * Where both threads put their answers, one slot per path: a counter handing out indices, then per path
 * its size, its sha256 (32 bytes) and whether it was a regular file. Answers never become JS objects
 * until asked for: 100,000 of them would otherwise wait in the old generation for a full collection.
 */
function resultsLayout(shared: SharedArrayBuffer, count: number) {
  return {
    counter: new Int32Array(shared, 0, 1),
    sizes: new Float64Array(shared, 8, count),
    sha256: new Uint8Array(shared, 8 + 8 * count, 32 * count),
    isFile: new Uint8Array(shared, 8 + 40 * count, count),
  };
}
const resultsBytes = (count: number) => 8 + 41 * count;

/**
 * Size and sha256 of each regular file whose index the shared counter hands out (nothing for anything
 * else: links are never followed), read into one reused buffer; returns how many it took. Both threads claim from one counter, so
 * the one that started late or met bigger files simply does fewer. It names nothing from outside its
 * parameters because its source text is also the hashing worker's code.
 */
function digestClaimed({ fs, crypto }: Modules, buffer: Buffer, paths: readonly string[], results: ReturnType<typeof resultsLayout>): number {
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
  const digest = (path: string, i: number): void => {
    const fd = open(path);
    if (fd === undefined) return;
    try {
      if (noFollow !== undefined && !fs.fstatSync(fd).isFile()) return;
      let size = fs.readSync(fd, buffer, 0, buffer.length, null);
      let sha256: Buffer;
      // A short read of a regular file is its end: catalogs take this one-read, one-shot path.
      if (size < buffer.length) sha256 = crypto.hash('sha256', buffer.subarray(0, size), 'buffer') as unknown as Buffer;
      else {
        const hash = crypto.createHash('sha256').update(buffer);
        for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
        sha256 = hash.digest();
      }
      results.sizes[i] = size;
      results.sha256.set(sha256, 32 * i);
      results.isFile[i] = 1;
    } finally {
      fs.closeSync(fd);
    }
  };
  let done = 0;
  for (let i = Atomics.add(results.counter, 0, 1); i < paths.length; i = Atomics.add(results.counter, 0, 1), done++) digest(paths[i] as string, i);
  return done;
}

const BUFFER = 256 * 1024;
/** Below this, a worker's round trip costs more than it saves. */
const WORKER_FROM = 64;
const WORKER_IDLE_MS = 2000;
/** The worker holds a few lists of at most a few thousand paths: a small heap saves about 8 MB of RSS. */
const WORKER_HEAP = { maxYoungGenerationSizeMb: 2, maxOldGenerationSizeMb: 32 };
const WORKER_SOURCE = `const { parentPort } = require('node:worker_threads');
const resultsLayout = ${resultsLayout.toString()};
const digestClaimed = ${digestClaimed.toString()};
const modules = { fs: require('node:fs'), crypto: require('node:crypto') };
const buffer = Buffer.allocUnsafe(${BUFFER});
parentPort.on('message', ({ id, paths, shared }) => {
  try { digestClaimed(modules, buffer, paths, resultsLayout(shared, paths.length)); parentPort.postMessage({ id }); }
  catch (error) { parentPort.postMessage({ id, error: { message: error.message, code: error.code } }); }
});`;

type Reply = { id: number; error?: { message: string; code?: string } };
type Job = { resolve: () => void; reject: (error: Error) => void };

function digestsOf(results: ReturnType<typeof resultsLayout>, count: number): Array<Digest | undefined> {
  // An atomic read of what both threads last updated atomically: their answers are visible from here on.
  Atomics.load(results.counter, 0);
  const sha256 = Buffer.from(results.sha256.buffer, results.sha256.byteOffset, results.sha256.byteLength);
  return Array.from({ length: count }, (_, i) =>
    results.isFile[i] ? { size: results.sizes[i] as number, sha256: sha256.toString('hex', 32 * i, 32 * i + 32) } : undefined,
  );
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
      if (reply.error) job?.reject(Object.assign(new Error(reply.error.message), { code: reply.error.code }));
      else job?.resolve();
    });
    // A worker that died (out of memory, or gone without an error) takes its queue with it; the next job
    // starts a new one.
    const died = (error: Error) => {
      if (worker === w) worker = undefined;
      for (const job of jobs.values()) job.reject(error);
      jobs.clear();
    };
    w.on('error', died).on('exit', (code) => died(new Error(`the hashing worker exited (code ${code})`)));
    stopWhenIdle(w);
    return w;
  };
  return {
    ask(paths: readonly string[], shared: SharedArrayBuffer): Promise<void> {
      const w = (worker ??= boot());
      clearTimeout(idle);
      w.ref();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        w.postMessage({ id, paths, shared });
      });
    },
  };
}

/** The first call's promise, for every call. */
function once<T>(fn: () => Promise<T>): () => Promise<T> {
  let promise: Promise<T> | undefined;
  return () => (promise ??= fn());
}

export interface Digester {
  digests(paths: readonly string[]): Promise<Array<Digest | undefined>>;
  startDigests(paths: readonly string[]): PendingDigests;
}

/**
 * Hashes on two cores: this thread, whose file calls are synchronous, and a worker thread take files
 * from the same list until it is done. `startDigests` hands a list to the worker alone; this thread joins
 * in only when it asks for the result. The worker boots on first use: booted while the plan was made, it
 * added its memory to the planning peak (about 10 MB at 100k catalogs) and saved no measurable time.
 */
export function twoCoreDigests(): Digester {
  const buffer = Buffer.allocUnsafe(BUFFER);
  const worker = hashingWorker();
  const start = (paths: readonly string[]): PendingDigests => {
    const shared = new SharedArrayBuffer(resultsBytes(paths.length));
    const results = resultsLayout(shared, paths.length);
    const mine = () => digestClaimed({ fs, crypto }, buffer, paths, results);
    if (paths.length < WORKER_FROM) return { ready: Promise.resolve(), result: once(async () => (mine(), digestsOf(results, paths.length))) };
    const theirs = worker.ask(paths, shared);
    return {
      ready: theirs.then(
        () => undefined,
        () => undefined,
      ),
      result: once(async () => {
        try {
          // All of them done here (the worker still booting, or busy): its answer is not waited for.
          if (mine() === paths.length) return digestsOf(results, paths.length);
        } catch (error) {
          Atomics.store(results.counter, 0, paths.length);
          await theirs.catch(() => undefined);
          throw error;
        }
        await theirs;
        return digestsOf(results, paths.length);
      }),
    };
  };
  return { digests: (paths) => start(paths).result(), startDigests: start };
}
