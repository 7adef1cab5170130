import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { Digest, Pending, PendingDigests } from './fs.js';

type Modules = { fs: typeof fs; crypto: typeof crypto };

/**
 * Where both threads put their answers, one slot per path: a counter handing out indices, then per path
 * its size, its stamp (device, inode, modification time), its sha256 (32 bytes), whether it was a regular
 * file and whether its stamp can be trusted. Answers never become JS objects until asked for: 100,000 of
 * them would otherwise wait in the old generation for a full collection.
 */
function resultsLayout(shared: SharedArrayBuffer, count: number) {
  return {
    counter: new Int32Array(shared, 0, 1),
    sizes: new Float64Array(shared, 8, count),
    stamps: new Float64Array(shared, 8 + 8 * count, 3 * count),
    sha256: new Uint8Array(shared, 8 + 32 * count, 32 * count),
    isFile: new Uint8Array(shared, 8 + 64 * count, count),
    trusted: new Uint8Array(shared, 8 + 65 * count, count),
  };
}
const resultsBytes = (count: number) => 8 + 66 * count;

/**
 * Size and sha256 of each regular file whose index the shared counter hands out (nothing for anything
 * else: links are never followed), read into one reused buffer; returns how many it took. Both threads claim from one counter, so
 * the one that started late or met bigger files simply does fewer. It names nothing from outside its
 * parameters because its source text is also the hashing worker's code.
 */
function digestClaimed(
  { fs, crypto }: Modules,
  buffer: Buffer,
  paths: readonly string[],
  results: ReturnType<typeof resultsLayout>,
  stampOnly = false,
): number {
  const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK } = fs.constants;
  // A stamp is trusted when the file's last change is this much older than the hash: a write after the hash
  // then always moves the modification time (FAT's is 2 s coarse; NTFS and ext4 far finer).
  const SETTLED_MS = 3000;
  const stamp = (i: number, s: { dev: number; ino: number; mtimeMs: number; size: number }) => {
    results.sizes[i] = s.size;
    results.stamps[3 * i] = s.dev;
    results.stamps[3 * i + 1] = s.ino;
    results.stamps[3 * i + 2] = s.mtimeMs;
    results.isFile[i] = 1;
  };
  // Where open can refuse links itself (not on Windows), the fstat below replaces a second path walk.
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
    if (stampOnly) {
      const s = fs.lstatSync(path, { throwIfNoEntry: false });
      if (s?.isFile()) stamp(i, s);
      return;
    }
    const before = Date.now();
    const fd = open(path);
    if (fd === undefined) return;
    try {
      // The open file's own: its stamp is the hashed file's, whatever happened to the path meanwhile.
      const s = fs.fstatSync(fd);
      if (!s.isFile()) return;
      let size = fs.readSync(fd, buffer, 0, buffer.length, null);
      let sha256: Buffer;
      // A short read of a regular file is its end: catalogs take this one-read, one-shot path.
      if (size < buffer.length) sha256 = crypto.hash('sha256', buffer.subarray(0, size), 'buffer') as unknown as Buffer;
      else {
        const hash = crypto.createHash('sha256').update(buffer);
        for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; size += n) hash.update(buffer.subarray(0, n));
        sha256 = hash.digest();
      }
      stamp(i, s);
      results.sizes[i] = size;
      results.sha256.set(sha256, 32 * i);
      results.trusted[i] = s.mtimeMs < before - SETTLED_MS && s.size === size ? 1 : 0;
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
parentPort.on('message', ({ id, paths, shared, stampOnly }) => {
  try { digestClaimed(modules, buffer, paths, resultsLayout(shared, paths.length), stampOnly); parentPort.postMessage({ id }); }
  catch (error) { parentPort.postMessage({ id, error: { message: error.message, code: error.code } }); }
});`;

type Reply = { id: number; error?: { message: string; code?: string } };
type Job = { resolve: () => void; reject: (error: Error) => void };

type Results = ReturnType<typeof resultsLayout>;

const stampOf = (results: Results, i: number) => `${results.sizes[i]}:${results.stamps.subarray(3 * i, 3 * i + 3).join(':')}`;

function digestsOf(results: Results, count: number): Array<Digest | undefined> {
  // An atomic read of what both threads last updated atomically: their answers are visible from here on.
  Atomics.load(results.counter, 0);
  const sha256 = Buffer.from(results.sha256.buffer, results.sha256.byteOffset, results.sha256.byteLength);
  return Array.from({ length: count }, (_, i) => {
    if (!results.isFile[i]) return undefined;
    const digest: Digest = { size: results.sizes[i] as number, sha256: sha256.toString('hex', 32 * i, 32 * i + 32) };
    if (results.trusted[i]) digest.stamp = stampOf(results, i);
    return digest;
  });
}

function stampsOf(results: Results, count: number): Array<string | undefined> {
  Atomics.load(results.counter, 0);
  return Array.from({ length: count }, (_, i) => (results.isFile[i] ? stampOf(results, i) : undefined));
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
    ask(paths: readonly string[], shared: SharedArrayBuffer, stampOnly: boolean): Promise<void> {
      const w = (worker ??= boot());
      clearTimeout(idle);
      w.ref();
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        jobs.set(id, { resolve, reject });
        w.postMessage({ id, paths, shared, stampOnly });
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
  startStamps(paths: readonly string[]): Pending<string>;
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
  const start = <T>(paths: readonly string[], stampOnly: boolean, answers: (results: Results, count: number) => Array<T | undefined>): Pending<T> => {
    const shared = new SharedArrayBuffer(resultsBytes(paths.length));
    const results = resultsLayout(shared, paths.length);
    const mine = () => digestClaimed({ fs, crypto }, buffer, paths, results, stampOnly);
    if (paths.length < WORKER_FROM) return { ready: Promise.resolve(), result: once(async () => (mine(), answers(results, paths.length))) };
    const theirs = worker.ask(paths, shared, stampOnly);
    return {
      ready: theirs.then(
        () => undefined,
        () => undefined,
      ),
      result: once(async () => {
        try {
          // All of them done here (the worker still booting, or busy): its answer is not waited for.
          if (mine() === paths.length) return answers(results, paths.length);
        } catch (error) {
          Atomics.store(results.counter, 0, paths.length);
          await theirs.catch(() => undefined);
          throw error;
        }
        await theirs;
        return answers(results, paths.length);
      }),
    };
  };
  const startDigests = (paths: readonly string[]) => start(paths, false, digestsOf);
  return { digests: (paths) => startDigests(paths).result(), startDigests, startStamps: (paths) => start(paths, true, stampsOf) };
}
