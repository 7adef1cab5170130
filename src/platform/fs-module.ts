import { digestsOneByOne, startedNow } from './digests.js';
import { errorCode, fsError, realpathOfExisting, type Entry, type EntryKind, type Fs } from './fs.js';
import { entryOf } from './raw-names.js';
import { writeAll } from './write-all.js';

/** The part of the node:fs promise API this module relies on; memfs provides the same shape. */
export interface FsPromises {
  lstat(path: string): Promise<StatLike>;
  readdir(path: string, options: { withFileTypes: true; encoding: 'buffer' }): Promise<DirentLike[]>;
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<unknown>;
  copyFile(from: string, to: string, mode?: number): Promise<void>;
  open(path: string, flags: string): Promise<FileHandleLike>;
  unlink(path: string): Promise<void>;
  link(existing: string, path: string): Promise<void>;
  rmdir(path: string): Promise<void>;
  realpath(path: string): Promise<string | Buffer>;
  access(path: string, mode: number): Promise<void>;
}
interface StatLike {
  size: number | bigint;
  dev?: number | bigint;
  ino?: number | bigint;
  mtimeMs: number | bigint;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}
interface DirentLike {
  name: string | Buffer;
  isFile(): boolean;
  isDirectory(): boolean;
  isSymbolicLink(): boolean;
}
interface FileHandleLike {
  stat(): Promise<StatLike>;
  read(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  write(buffer: Buffer, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

const COPYFILE_EXCL = 1;
const W_OK = 2;
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
      // Whole milliseconds, as the real disk's bigint stat gives them (node:fs/promises gives a fraction).
      const mtimeMs = Math.floor(Number(s.mtimeMs));
      return { kind: kindOf(s), size: Number(s.size), ...(s.ino === undefined ? {} : { id: `${s.dev ?? 0}:${s.ino}` }), mtimeMs };
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    }
  }
  async function refuseExisting(path: string) {
    if (await lstat(path)) throw fsError('EEXIST', `refusing to overwrite ${path}`);
  }
  /**
   * The tool's own files and the logs are never read or appended through a link, and only a regular file
   * is used (a FIFO would hang the tool): lstat before the open, the handle's stat after it.
   */
  async function openRegular(path: string, flags: string): Promise<FileHandleLike> {
    const before = await lstat(path);
    if (before?.kind === 'link') throw fsError('ELOOP', `${path} is a link; not followed`);
    if (before && before.kind !== 'file') throw fsError('EFTYPE', `${path} is a ${before.kind}, not a regular file; not opened`);
    const handle = await p.open(path, flags);
    const after = await handle.stat();
    if (!after.isFile()) {
      await handle.close();
      throw fsError('EFTYPE', `${path} is a ${kindOf(after)}, not a regular file; not opened`);
    }
    return handle;
  }
  async function* readChunks(path: string): AsyncIterable<Buffer> {
    const handle = await openRegular(path, 'r');
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
  // FileHandle.write may write fewer bytes than asked, as write(2) does: the rest is written again.
  const writeTo = (handle: FileHandleLike, data: string | Buffer, path: string) =>
    writeAll(async (buffer, offset, length) => (await handle.write(buffer, offset, length, null)).bytesWritten, data, path);
  return {
    lstat,
    async readdir(path) {
      const entries = await p.readdir(path, { withFileTypes: true, encoding: 'buffer' });
      return entries.map((d): Entry => entryOf(d.name, kindOf(d)));
    },
    async readFile(path) {
      const chunks: Buffer[] = [];
      for await (const chunk of readChunks(path)) chunks.push(chunk);
      return Buffer.concat(chunks);
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
        try {
          await writeTo(handle, data, path);
          await handle.sync();
        } finally {
          await handle.close();
        }
      } catch (error) {
        // This call made the file ('wx'): cut short, it is removed rather than left to be read as whole.
        await p.unlink(path).catch(() => undefined);
        throw error;
      }
    },
    async openAppend(path) {
      const handle = await openRegular(path, 'a');
      return {
        append: (text) => writeTo(handle, text, path),
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    },
    link: (existing, path) => p.link(existing, path),
    removeFile: (path) => p.unlink(path),
    realpath: (path) => realpathOfExisting(path, async (q) => String(await p.realpath(q))),
    removeEmptyDir: (path) => p.rmdir(path),
    assertWritable: (path) => p.access(path, W_OK),
    // Neither memfs nor node:fs/promises can fsync a folder portably; the real disk uses realFs.
    syncDir: async () => {},
  };
}
