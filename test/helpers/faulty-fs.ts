import type { AppendLog, Fs } from '../../src/platform/fs.js';

export type Fault = { kind: 'crash'; at: number } | { kind: 'transient'; at: number; code: string } | { kind: 'persistent'; from: number; code: string };

export class SimulatedCrash extends Error {
  constructor(readonly op: number) {
    super(`simulated crash at mutating operation ${op}`);
  }
}

/**
 * Counts every mutating operation (journal appends and fsyncs included). The chosen one throws without
 * doing anything; after a crash every later mutation throws too, as if the process were gone.
 */
export function faultyFs(inner: Fs, fault: Fault): { fs: Fs; count: () => number } {
  let n = 0;
  let crashed = false;
  const gate = () => {
    n++;
    if (crashed) throw new SimulatedCrash(n);
    if (fault.kind === 'crash' && n === fault.at) {
      crashed = true;
      throw new SimulatedCrash(n);
    }
    if ((fault.kind === 'transient' && n === fault.at) || (fault.kind === 'persistent' && n >= fault.from)) {
      throw Object.assign(new Error(`${fault.code}: injected at operation ${n}`), { code: fault.code });
    }
  };
  const guarded =
    <A extends unknown[], R>(fn: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      gate();
      return fn(...args);
    };
  const wrapLog = (log: AppendLog): AppendLog => ({ append: guarded(log.append), sync: guarded(log.sync), close: log.close });
  return {
    count: () => n,
    fs: {
      lstat: (path) => inner.lstat(path),
      readdir: (path) => inner.readdir(path),
      readFile: (path) => inner.readFile(path),
      readChunks: (path) => inner.readChunks(path),
      digests: (paths) => inner.digests(paths),
      startDigests: (paths) => inner.startDigests(paths),
      rename: guarded((from: string, to: string) => inner.rename(from, to)),
      mkdir: guarded((path: string, options?: { recursive?: boolean }) => inner.mkdir(path, options)),
      copyFile: guarded((from: string, to: string) => inner.copyFile(from, to)),
      createFile: guarded((path: string, data: string | Buffer) => inner.createFile(path, data)),
      link: guarded((existing: string, path: string) => inner.link(existing, path)),
      removeFile: guarded((path: string) => inner.removeFile(path)),
      removeEmptyDir: guarded((path: string) => inner.removeEmptyDir(path)),
      realpath: (path) => inner.realpath(path),
      assertWritable: (path) => inner.assertWritable(path),
      syncDir: guarded((path: string) => inner.syncDir(path)),
      openAppend: async (path) => {
        gate();
        return wrapLog(await inner.openAppend(path));
      },
    },
  };
}
