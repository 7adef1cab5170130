import * as fs from 'node:fs';
import { errorCode, fsError, realpathOfExisting, type Entry, type EntryKind, type Fs } from './fs.js';
import { entryOf } from './raw-names.js';
import { twoCoreDigests } from './real-digests.js';
import { writeAll } from './write-all.js';

// Text read in chunks of this size stays below V8's large-object size, so its garbage dies young.
const CHUNK = 64 * 1024;
const { COPYFILE_EXCL, O_RDONLY, O_WRONLY, O_APPEND, O_CREAT, O_NOFOLLOW, O_NONBLOCK } = fs.constants;

function kindOf(s: fs.Stats | fs.BigIntStats | fs.Dirent): EntryKind {
  if (s.isSymbolicLink()) return 'link';
  if (s.isFile()) return 'file';
  return s.isDirectory() ? 'dir' : 'other';
}

/**
 * One entry at a time through a directory handle: each Dirent dies young, where readdirSync would hold
 * 100,000 of them (and its name and type arrays) beside the entries made from them. It is faster, too.
 */
function entriesOf(path: string): Entry[] {
  // Names as bytes: decoded here, and marked when they are not valid UTF-8 (see entryOf).
  const dir = fs.opendirSync(path, { bufferSize: 1024, encoding: 'buffer' as BufferEncoding });
  try {
    const out: Entry[] = [];
    for (let d; (d = dir.readSync());) out.push(entryOf(d.name as unknown as Buffer, kindOf(d)));
    return out;
  } finally {
    dir.closeSync();
  }
}

/** fsync of a file or (POSIX, read-only) a folder: its data, or its entries, are on disk when this returns. */
function syncFile(path: string, flags: 'r' | 'r+'): void {
  const fd = fs.openSync(path, flags);
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens a file the tool reads or appends to (its journal, plan, manifests and lock, and the logs it
 * diagnoses) without following a link, and only if it is a regular file: a link leads outside the run
 * folder or the mounted image, and /dev/zero or a FIFO would hang the tool. O_NONBLOCK keeps the open of
 * a FIFO from waiting for its other end; it changes nothing for a regular file. Where open cannot refuse
 * a link itself (Windows has no O_NOFOLLOW), lstat looks first.
 */
function openRegular(path: string, flags: number): number {
  if (O_NOFOLLOW === undefined && fs.lstatSync(path, { throwIfNoEntry: false })?.isSymbolicLink()) throw fsError('ELOOP', `${path} is a link; not followed`);
  let fd: number;
  try {
    fd = fs.openSync(path, flags | (O_NOFOLLOW ?? 0) | (O_NONBLOCK ?? 0), 0o666);
  } catch (error) {
    if (errorCode(error) === 'ELOOP') throw fsError('ELOOP', `${path} is a link; not followed`);
    if (errorCode(error) === 'ENXIO') throw fsError('EFTYPE', `${path} is not a regular file`);
    throw error;
  }
  const stats = fs.fstatSync(fd);
  if (!stats.isFile()) {
    fs.closeSync(fd);
    throw fsError('EFTYPE', `${path} is a ${kindOf(stats)}, not a regular file; not opened`);
  }
  return fd;
}

function readWhole(path: string): Buffer {
  const fd = openRegular(path, O_RDONLY);
  try {
    return fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function* chunksOf(path: string): Generator<Buffer> {
  const fd = openRegular(path, O_RDONLY);
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK);
      const n = fs.readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) return;
      yield buffer.subarray(0, n);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The real disk, through node:fs directly: not graceful-fs, whose silent retries can turn a lost rename
 * into "success". Calls are synchronous: the tool does one thing at a time, and a direct syscall costs a
 * fraction of a thread-pool round trip, which is most of the work when moving 100,000 small files.
 */
export function realFs(): Fs {
  const lstat = (path: string) => {
    try {
      // bigint: an NTFS file index has 64 bits, more than a double holds exactly.
      const s = fs.lstatSync(path, { throwIfNoEntry: false, bigint: true });
      return s && { kind: kindOf(s), size: Number(s.size), id: `${s.dev}:${s.ino}`, mtimeMs: Number(s.mtimeMs) };
    } catch (error) {
      // throwIfNoEntry covers ENOENT only; a file where a folder was expected also means "nothing there".
      if (errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    }
  };
  const { digests, startDigests, startStamps } = twoCoreDigests();
  return {
    lstat: async (path) => lstat(path),
    readdir: async (path) => entriesOf(path),
    readFile: async (path) => readWhole(path),
    async *readChunks(path) {
      yield* chunksOf(path);
    },
    digests,
    startDigests,
    startStamps,
    async rename(from, to) {
      // POSIX rename and MoveFileEx both replace an existing target: check first, never clobber.
      if (lstat(to)) throw fsError('EEXIST', `refusing to overwrite ${to}`);
      fs.renameSync(from, to);
    },
    mkdir: async (path, options) => void fs.mkdirSync(path, options),
    async copyFile(from, to) {
      fs.copyFileSync(from, to, COPYFILE_EXCL);
      // copyFileSync does not fsync: without this, a power loss can keep the copy's name and lose its bytes.
      // 'r+': FlushFileBuffers on Windows needs a handle opened for writing.
      syncFile(to, 'r+');
    },
    async createFile(path, data) {
      const fd = fs.openSync(path, 'wx');
      try {
        try {
          await writeAll((buffer, offset, length) => fs.writeSync(fd, buffer, offset, length), data, path);
          fs.fsyncSync(fd);
        } finally {
          fs.closeSync(fd);
        }
      } catch (error) {
        // This call made the file ('wx'): cut short, it is removed rather than left to be read as whole.
        try {
          fs.unlinkSync(path);
        } catch {
          // The write error is the one to report.
        }
        throw error;
      }
    },
    async openAppend(path) {
      const fd = openRegular(path, O_WRONLY | O_APPEND | O_CREAT);
      return {
        append: (text) => writeAll((buffer, offset, length) => fs.writeSync(fd, buffer, offset, length), text, path),
        sync: async () => fs.fsyncSync(fd),
        close: async () => fs.closeSync(fd),
      };
    },
    link: async (existing, path) => fs.linkSync(existing, path),
    realpath: async (path) => realpathOfExisting(path, async (p) => fs.realpathSync.native(p)),
    removeFile: async (path) => fs.unlinkSync(path),
    removeEmptyDir: async (path) => fs.rmdirSync(path),
    // On Windows, access() sees only a file's read-only attribute: for a folder it always succeeds.
    assertWritable: async (path) => fs.accessSync(path, fs.constants.W_OK),
    async syncDir(path) {
      // No fsync of a folder from Node on Windows: fs.fsync is FlushFileBuffers, which needs a handle with
      // GENERIC_WRITE, and fs.open gives a folder only a read handle, so it fails with EPERM (nodejs/node#3879).
      // NTFS logs folder changes itself: docs/design.md ("Durability") says what that does and does not give.
      if (process.platform !== 'win32') syncFile(path, 'r');
    },
  };
}
