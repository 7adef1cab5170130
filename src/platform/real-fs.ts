import * as fs from 'node:fs';
import { errorCode, fsError, type Entry, type EntryKind, type Fs } from './fs.js';
import { twoCoreDigests } from './real-digests.js';

// Text read in chunks of this size stays below V8's large-object size, so its garbage dies young.
const CHUNK = 64 * 1024;
const { COPYFILE_EXCL } = fs.constants;

function kindOf(s: fs.Stats | fs.Dirent): EntryKind {
  if (s.isSymbolicLink()) return 'link';
  if (s.isFile()) return 'file';
  return s.isDirectory() ? 'dir' : 'other';
}

/**
 * One entry at a time through a directory handle: each Dirent dies young, where readdirSync would hold
 * 100,000 of them (and its name and type arrays) beside the entries made from them. It is faster, too.
 */
function entriesOf(path: string): Entry[] {
  const dir = fs.opendirSync(path, { bufferSize: 1024 });
  try {
    const out: Entry[] = [];
    for (let d; (d = dir.readSync()); ) out.push({ name: d.name, kind: kindOf(d) });
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

function* chunksOf(path: string): Generator<Buffer> {
  const fd = fs.openSync(path, 'r');
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
      const s = fs.lstatSync(path, { throwIfNoEntry: false });
      return s && { kind: kindOf(s), size: s.size };
    } catch (error) {
      // throwIfNoEntry covers ENOENT only; a file where a folder was expected also means "nothing there".
      if (errorCode(error) === 'ENOTDIR') return undefined;
      throw error;
    }
  };
  const { digests, startDigests } = twoCoreDigests();
  return {
    lstat: async (path) => lstat(path),
    readdir: async (path) => entriesOf(path),
    readFile: async (path) => fs.readFileSync(path),
    async *readChunks(path) {
      yield* chunksOf(path);
    },
    digests,
    startDigests,
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
        fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
    },
    async openAppend(path) {
      const fd = fs.openSync(path, 'a');
      return {
        append: async (text) => void fs.writeSync(fd, text),
        sync: async () => fs.fsyncSync(fd),
        close: async () => fs.closeSync(fd),
      };
    },
    removeFile: async (path) => fs.unlinkSync(path),
    removeEmptyDir: async (path) => fs.rmdirSync(path),
    async syncDir(path) {
      // No fsync of a folder from Node on Windows: fs.fsync is FlushFileBuffers, which needs a handle with
      // GENERIC_WRITE, and fs.open gives a folder only a read handle, so it fails with EPERM (nodejs/node#3879).
      // NTFS logs folder changes itself: docs/design.md ("Durability") says what that does and does not give.
      if (process.platform !== 'win32') syncFile(path, 'r');
    },
  };
}
