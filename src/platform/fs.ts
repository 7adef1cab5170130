import { basename, dirname, join } from 'node:path';
/** The file operations the tool needs, nothing more. Paths are host paths. */
export type EntryKind = 'file' | 'dir' | 'link' | 'other';

export interface Entry {
  name: string;
  kind: EntryKind;
  /**
   * Set when the name's bytes are not valid UTF-8 (POSIX allows any bytes): `name` is then a lossy
   * decoding that other names may share, and this shows the bytes (\xNN for each invalid one).
   */
  undecodable?: string;
}

export interface FileInfo {
  kind: EntryKind;
  size: number;
  /** Which file or folder this is (device and inode or file index), where the disk tells: survives renames. */
  id?: string;
  /** Last change of its bytes, whole milliseconds since 1970: a rename keeps it (the listing proof relies on that). */
  mtimeMs: number;
}

/** What a file's bytes were: the manifest's proof. */
export interface Digest {
  size: number;
  sha256: string;
  /**
   * Which file was hashed and how it stood: size, device, inode or file index, modification time. Set only
   * where the disk tells, and when its last change was long enough before the hash that any later write
   * would move the modification time. A rename keeps all of it: the same stamp in the file's new place
   * proves the hashed bytes moved there.
   */
  stamp?: string;
}

export interface Pending<T> {
  /** Settles once the other thread is done: `result` then has nothing left to do on this one. */
  ready: Promise<void>;
  /** The answers, working on this thread through whatever the other has not taken yet; the same answer every call. */
  result(): Promise<Array<T | undefined>>;
}
export type PendingDigests = Pending<Digest>;

export interface AppendLog {
  append(text: string): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

export interface Fs {
  /** lstat: never follows links; undefined when nothing is there. */
  lstat(path: string): Promise<FileInfo | undefined>;
  readdir(path: string): Promise<Entry[]>;
  readFile(path: string): Promise<Buffer>;
  readChunks(path: string): AsyncIterable<Buffer>;
  /** Size and sha256 of each path, read once; undefined where no regular file is (links are never followed). */
  digests(paths: readonly string[]): Promise<Array<Digest | undefined>>;
  /**
   * `digests` without waiting: on the real disk a worker thread hashes while this one goes on, and joins in
   * when asked for the result. The digests are of the files as they were at some moment in between.
   */
  startDigests(paths: readonly string[]): PendingDigests;
  /** The stamp (see Digest) each path has now, without reading it; only where the disk gives file ids. */
  startStamps?(paths: readonly string[]): Pending<string>;
  /** Renames a file or folder; refuses when the destination exists. */
  rename(from: string, to: string): Promise<void>;
  mkdir(path: string, options?: { recursive?: boolean }): Promise<void>;
  /** Copies a file and fsyncs the copy; refuses when the destination exists. */
  copyFile(from: string, to: string): Promise<void>;
  /**
   * Creates a new file with this content and fsyncs it; refuses when it exists. When a write or the fsync
   * fails, the file it made is removed again (a power loss can still leave it cut short).
   */
  createFile(path: string, data: string | Buffer): Promise<void>;
  openAppend(path: string): Promise<AppendLog>;
  /** A second name for a file, made atomically; refuses (EEXIST) when `path` exists. Locks are taken with it. */
  link(existing: string, path: string): Promise<void>;
  /** Only for the tool's own files (lock, partial manifest) and copies it made itself. */
  removeFile(path: string): Promise<void>;
  /**
   * Where `path` really leads: every link in the part that exists is resolved (a state folder given through
   * a link may lie inside the tree); the part that does not exist yet is appended as it is.
   */
  realpath(path: string): Promise<string>;
  /** Only succeeds on an empty folder, so nothing inside can be lost. */
  removeEmptyDir(path: string): Promise<void>;
  /**
   * Rejects, as access(2) with W_OK does, when names cannot be made, renamed or removed in the folder at
   * `path`: EROFS on a read-only volume, EACCES or EPERM without the right. Asks only: changes nothing.
   */
  assertWritable(path: string): Promise<void>;
  /**
   * Makes the folder's entries durable (fsync of the folder): names created, renamed or removed in it
   * survive a power loss once this returns. A no-op where the platform cannot (Windows, memfs).
   */
  syncDir(path: string): Promise<void>;
}

export function fsError(code: string, message: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: ${message}`), { code });
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : undefined;
}

/** `realpath` for a path whose end may not exist yet: the deepest existing folder is resolved, the rest appended. */
export async function realpathOfExisting(path: string, resolveExisting: (path: string) => Promise<string>): Promise<string> {
  const rest: string[] = [];
  for (let head = path; ; head = dirname(head)) {
    try {
      return join(await resolveExisting(head), ...rest);
    } catch (error) {
      // ENOTDIR: a file stands where a folder of the path would be; the path leads no further than it.
      if ((errorCode(error) !== 'ENOENT' && errorCode(error) !== 'ENOTDIR') || dirname(head) === head) throw error;
      rest.unshift(basename(head));
    }
  }
}
