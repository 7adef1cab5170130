import { digestsOneByOne, startedNow } from './digests.js';
import { errorCode, fsError, type Entry, type EntryKind, type Fs } from './fs.js';

/** The part of the node:fs promise API this module relies on; memfs provides the same shape. */
export interface FsPromises {
  lstat(path: string): Promise<StatLike>;
  readdir(path: string, options: { withFileTypes: true }): Promise<DirentLike[]>;
  readFile(path: string): Promise<Buffer | string>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>;
  copyFile(from: string, to: string, mode?: number): Promise<void>;
  open(path: string, flags: string): Promise<FileHandleLike>;
  unlink(path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
}
interface StatLike { size: number | bigint; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }
interface DirentLike { name: string | Buffer; isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }
interface FileHandleLike {
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  write(data: string | Buffer): Promise<unknown>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

const COPYFILE_EXCL = 1;
const CHUNK = 64 * 1024;

function kindOf(s: { isFile(): boolean; isDirectory(): boolean; isSymbolicLink(): boolean }): EntryKind {
  if (s.isSymbolicLink()) return 'link';
  if (s.isFile()) return 'file';
  return s.isDirectory() ? 'dir' : 'other';
}

/** Builds the tool's Fs over node:fs/promises or a memfs volume's promises. */
export function fsFromModule(p: FsPromises): Fs {
  async function lstat(path: string) {
    try {
      const s = await p.lstat(path);
      return { kind: kindOf(s), size: Number(s.size) };
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    }
  }
  async function refuseExisting(path: string) {
    if (await lstat(path)) throw fsError('EEXIST', `refusing to overwrite ${path}`);
  }
  async function* readChunks(path: string): AsyncIterable<Buffer> {
    const handle = await p.open(path, 'r');
    try {
      for (;;) {
        const buffer = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await handle.read(buffer, 0, CHUNK, null);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await handle.close();
    }
  }
  return {
    lstat,
    async readdir(path) {
      const entries = await p.readdir(path, { withFileTypes: true });
      return entries.map((d): Entry => ({ name: String(d.name), kind: kindOf(d) }));
    },
    async readFile(path) {
      const data = await p.readFile(path);
      return typeof data === 'string' ? Buffer.from(data) : data;
    },
    readChunks,
    digests: (paths) => digestsOneByOne({ lstat, readChunks }, paths),
    startDigests: (paths) => startedNow(digestsOneByOne({ lstat, readChunks }, paths)),
    async rename(from, to) {
      // POSIX and MoveFileEx both replace an existing target: check first, never clobber.
      await refuseExisting(to);
      await p.rename(from, to);
    },
    async mkdir(path, options) {
      await p.mkdir(path, options);
    },
    async copyFile(from, to) {
      await p.copyFile(from, to, COPYFILE_EXCL);
      const handle = await p.open(to, 'r+');
      try {
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async createFile(path, data) {
      const handle = await p.open(path, 'wx');
      try {
        await handle.write(data);
        await handle.sync();
      } finally {
        await handle.close();
      }
    },
    async openAppend(path) {
      const handle = await p.open(path, 'a');
      return {
        append: async (text) => void (await handle.write(text)),
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    removeFile: (path) => p.unlink(path),
    removeEmptyDir: (path) => p.rmdir(path),
    // Neither memfs nor node:fs/promises can fsync a folder portably; the real disk uses realFs.
    syncDir: async () => {},
  };
}
