import { dirname, join, resolve } from 'node:path';
import { digestsOneByOne, startedNow } from '../../src/platform/digests.js';
import { fsError, realpathOfExisting, type Entry, type Fs } from '../../src/platform/fs.js';

/** `mtimeMs`: set by every write here; a file planted without one reads as 0. A rename keeps it (the node moves). */
type Node = { kind: 'file'; data: Buffer; mtimeMs?: number } | { kind: 'dir'; id?: number } | { kind: 'link'; target: string };

/** Folders get an identity when made, as an inode number; a rename keeps it (the node moves). */
let nextId = 1;
const newDir = (): Node => ({ kind: 'dir', id: nextId++ });
/** The modification time a write gives: a tick per write, so two writes never share one. */
let lastWrite = 0;
const written = (data: Buffer): Node => ({ kind: 'file', data, mtimeMs: ++lastWrite });

/**
 * An in-memory Fs with the same contract as the real one, built for the crash-point enumeration:
 * cloning a volume is a Map copy, so thousands of runs over 1,000-file trees stay fast.
 */
export class MapFs implements Fs {
  /** Test-only: folders whose names cannot change, and why (see `refuseWrites`). */
  private readonly refused = new Map<string, 'EROFS' | 'EACCES'>();

  constructor(readonly nodes = new Map<string, Node>([['/', { kind: 'dir' }]])) {}

  clone(): MapFs {
    return new MapFs(new Map(this.nodes));
  }

  /**
   * Test-only: EROFS makes `path` a read-only volume (every folder below it refuses, and no file there can
   * be appended to); EACCES takes the right to change names in that one folder. `undefined` gives it back.
   */
  refuseWrites(path: string, code: 'EROFS' | 'EACCES' | undefined) {
    if (code) this.refused.set(path, code);
    else this.refused.delete(path);
  }
  private whyRefused(folder: string): string | undefined {
    for (let p = folder; ; p = dirname(p)) {
      const code = this.refused.get(p);
      if (code === 'EROFS' || (code && p === folder)) return code;
      if (dirname(p) === p) return undefined;
    }
  }
  /** Changing a name in `folder` (creating, renaming or removing one) refuses as the real disk would. */
  private changeIn(folder: string) {
    const code = this.whyRefused(folder);
    if (code) throw fsError(code, folder);
  }

  private need(path: string, kind?: Node['kind']): Node {
    const node = this.nodes.get(path);
    if (!node) throw fsError('ENOENT', path);
    if (kind && node.kind !== kind) throw fsError(kind === 'dir' ? 'ENOTDIR' : 'EISDIR', path);
    return node;
  }

  private children(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    return [...this.nodes.keys()].filter((k) => k !== dir && k.startsWith(prefix) && !k.slice(prefix.length).includes('/'));
  }

  private create(path: string, node: Node) {
    this.need(dirname(path), 'dir');
    this.changeIn(dirname(path));
    if (this.nodes.has(path)) throw fsError('EEXIST', path);
    this.nodes.set(path, node);
  }

  async lstat(path: string) {
    const node = this.nodes.get(path);
    if (!node) return undefined;
    const file = node.kind === 'file' ? node : undefined;
    return { kind: node.kind, size: file?.data.length ?? 0, ...(node.kind === 'dir' && node.id ? { id: String(node.id) } : {}), mtimeMs: file?.mtimeMs ?? 0 };
  }
  async readdir(path: string): Promise<Entry[]> {
    this.need(path, 'dir');
    return this.children(path).map((p) => ({ name: p.slice(p.lastIndexOf('/') + 1), kind: this.need(p).kind }));
  }
  /** As on the real disk, the tool's files are never read or appended through a link, nor when not regular files. */
  private regular(path: string): { kind: 'file'; data: Buffer } {
    const node = this.need(path);
    if (node.kind === 'link') throw fsError('ELOOP', `${path} is a link; not followed`);
    if (node.kind !== 'file') throw fsError('EFTYPE', `${path} is a ${node.kind}, not a regular file`);
    return node;
  }
  async readFile(path: string) {
    return this.regular(path).data;
  }
  async *readChunks(path: string) {
    yield await this.readFile(path);
  }
  digests(paths: readonly string[]) {
    return digestsOneByOne(this, paths);
  }
  startDigests(paths: readonly string[]) {
    return startedNow(this.digests(paths));
  }
  async rename(from: string, to: string) {
    const node = this.need(from);
    this.changeIn(dirname(from));
    this.create(to, node);
    this.nodes.delete(from);
    if (node.kind === 'dir') {
      for (const key of [...this.nodes.keys()].filter((k) => k.startsWith(`${from}/`))) {
        this.nodes.set(to + key.slice(from.length), this.nodes.get(key) as Node);
        this.nodes.delete(key);
      }
    }
  }
  async mkdir(path: string, options?: { recursive?: boolean }) {
    if (options?.recursive) {
      if (this.nodes.get(path)?.kind === 'dir') return;
      if (dirname(path) !== path) await this.mkdir(dirname(path), options);
    }
    this.create(path, newDir());
  }
  /** Test-only: a folder made again with the identity it had (a power-loss image replaying its creation). */
  mkdirWithId(path: string, id: number | undefined) {
    this.create(path, id === undefined ? newDir() : { kind: 'dir', id });
  }
  async copyFile(from: string, to: string) {
    this.create(to, written(Buffer.from(await this.readFile(from))));
  }
  async createFile(path: string, data: string | Buffer) {
    this.create(path, written(Buffer.from(data)));
  }
  async openAppend(path: string) {
    if (!this.nodes.has(path)) this.create(path, written(Buffer.alloc(0)));
    this.regular(path);
    if (this.whyRefused(dirname(path)) === 'EROFS') throw fsError('EROFS', path);
    return {
      append: async (text: string) => {
        // Nodes are shared between clones: replace, never mutate.
        const node = this.need(path, 'file') as { data: Buffer };
        this.nodes.set(path, written(Buffer.concat([node.data, Buffer.from(text)])));
      },
      sync: async () => {},
      close: async () => {},
    };
  }
  async link(existing: string, path: string) {
    this.create(path, this.need(existing, 'file'));
  }
  async removeFile(path: string) {
    this.need(path, 'file');
    this.changeIn(dirname(path));
    this.nodes.delete(path);
  }
  async removeEmptyDir(path: string) {
    this.need(path, 'dir');
    if (this.children(path).length) throw fsError('ENOTEMPTY', path);
    this.changeIn(dirname(path));
    this.nodes.delete(path);
  }
  async assertWritable(path: string) {
    this.need(path);
    this.changeIn(path);
  }

  /** Everything is durable at once here; the folder must exist, as open() needs it to on a real disk. */
  async syncDir(path: string) {
    this.need(path, 'dir');
  }

  async realpath(path: string): Promise<string> {
    return realpathOfExisting(path, async (p) => this.resolveLinks(p, 0));
  }
  private resolveLinks(path: string, depth: number): string {
    if (depth > 40) throw fsError('ELOOP', path);
    let real = '/';
    for (const name of path.split('/').filter(Boolean)) {
      const next = join(real, name);
      const node = this.need(next);
      real = node.kind === 'link' ? this.resolveLinks(resolve(real, node.target), depth + 1) : next;
    }
    return real;
  }

  /** Test-only: plant anything, links included. */
  put(path: string, node: Node) {
    for (let dir = dirname(path); !this.nodes.has(dir); dir = dirname(dir)) this.nodes.set(dir, newDir());
    this.nodes.set(path, node);
  }

  static fromFiles(root: string, files: Record<string, Buffer | string>): MapFs {
    const fs = new MapFs();
    for (const [rel, data] of Object.entries(files)) fs.put(join(root, rel), { kind: 'file', data: Buffer.from(data) });
    return fs;
  }
}
