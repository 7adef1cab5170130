import { dirname } from 'node:path';
import type { AppendLog, Fs } from '../../src/platform/fs.js';
import { MapFs } from './map-fs.js';
import { crashImage, type LoggedOp, type Survival } from './power-loss-image.js';

/**
 * A power-loss fault model in the style of SQLite's test6.c. The live volume (a MapFs) is what the running
 * process sees; beside it, every mutating call is logged. `afterPowerLoss` builds what the disk could hold
 * after the power failed at that moment, under the weakest promises POSIX makes:
 *
 * - File bytes appended since the file's last fsync may be lost, wholly or in part (a torn write).
 *   `createFile` and `copyFile` fsync the new file themselves (the Fs contract), so their bytes are durable;
 *   their *name* is not.
 * - A change of names (create, mkdir, rename, unlink, rmdir) is certain only once every folder it touched
 *   (both parents, for a rename) has been fsynced (`syncDir`) after it; until then it may be lost.
 *   Folders are followed by identity, so a folder renamed after the change still counts.
 * - A rename is atomic: kept or lost whole, never both names or none (journaling filesystems: ext4, XFS, NTFS).
 * - What survives is replayed in order on the last durable image: a change whose precondition is gone
 *   (its folder, or its source, was lost) is lost too, as the orphan of a real crash would be.
 *
 * `Survival` chooses among what the model allows: `lose-all` keeps nothing uncertain; `random` keeps each
 * uncertain change and each file's unsynced bytes (none, half: torn mid-record, all) by a seeded draw.
 */
export class PowerLossFs implements Fs {
  private readonly log: LoggedOp[] = [];
  /** The log's length as each mutating operation began (the same operations faultyFs counts). */
  private readonly starts: number[] = [];
  private readonly durable: MapFs;

  constructor(readonly live: MapFs) {
    this.durable = live.clone();
  }

  /** The folder at `path` now: MapFs keeps one node object per folder and moves it with renames. */
  private folder(path: string): object {
    const node = this.live.nodes.get(path);
    if (node?.kind !== 'dir') throw new Error(`power-loss model: no folder at ${path}`);
    return node;
  }
  private parents(...paths: string[]): object[] {
    return [...new Set(paths.map((p) => this.folder(dirname(p))))];
  }

  /** Mutating operations so far. */
  get operations(): number {
    return this.starts.length;
  }
  private begin() {
    this.starts.push(this.log.length);
  }
  /** Operation k (1-based) was an fsync of a file or a folder. */
  isSync(k: number): boolean {
    const op = this.log[this.starts[k - 1] ?? -1];
    return this.starts[k - 1] !== this.starts[k] && (op?.op === 'fsync' || op?.op === 'syncdir');
  }

  /**
   * What the volume could hold if the power had failed as operation `at` began (1-based, as faultyFs
   * counts; it never happened), or now. The run is deterministic, so this is the disk a run crashed there leaves.
   */
  afterPowerLoss(survival: Survival, at = this.operations + 1): Promise<MapFs> {
    return crashImage(this.durable, this.log.slice(0, this.starts[at - 1] ?? this.log.length), survival);
  }

  lstat = (path: string) => this.live.lstat(path);
  readdir = (path: string) => this.live.readdir(path);
  readFile = (path: string) => this.live.readFile(path);
  readChunks = (path: string) => this.live.readChunks(path);
  digests = (paths: readonly string[]) => this.live.digests(paths);
  startDigests = (paths: readonly string[]) => this.live.startDigests(paths);
  realpath = (path: string) => this.live.realpath(path);
  assertWritable = (path: string) => this.live.assertWritable(path);

  async rename(from: string, to: string) {
    this.begin();
    await this.live.rename(from, to);
    this.log.push({ op: 'rename', from, to, dirs: this.parents(from, to) });
  }
  async mkdir(path: string, options?: { recursive?: boolean }) {
    this.begin();
    await this.makeDirs(path, options?.recursive ?? false);
  }
  private async makeDirs(path: string, recursive: boolean): Promise<void> {
    if (recursive && this.live.nodes.get(path)?.kind === 'dir') return;
    if (recursive && !this.live.nodes.has(dirname(path))) await this.makeDirs(dirname(path), recursive);
    await this.live.mkdir(path);
    const made = this.live.nodes.get(path);
    this.log.push({ op: 'mkdir', path, id: made?.kind === 'dir' ? made.id : undefined, dirs: this.parents(path) });
  }
  async copyFile(from: string, to: string) {
    this.begin();
    await this.live.copyFile(from, to);
    this.log.push({ op: 'create', path: to, data: await this.live.readFile(to), synced: true, dirs: this.parents(to) });
  }
  async createFile(path: string, data: string | Buffer) {
    this.begin();
    await this.live.createFile(path, data);
    this.log.push({ op: 'create', path, data: Buffer.from(data), synced: true, dirs: this.parents(path) });
  }
  async openAppend(path: string): Promise<AppendLog> {
    this.begin();
    const created = !this.live.nodes.has(path);
    const inner = await this.live.openAppend(path);
    if (created) this.log.push({ op: 'create', path, data: Buffer.alloc(0), synced: true, dirs: this.parents(path) });
    return {
      append: async (text) => {
        this.begin();
        await inner.append(text);
        this.log.push({ op: 'append', path, data: Buffer.from(text) });
      },
      sync: async () => {
        this.begin();
        await inner.sync();
        this.log.push({ op: 'fsync', path });
      },
      close: () => inner.close(),
    };
  }
  /** A second name for a file whose bytes were fsynced (the lock's holder): like a create of those bytes. */
  async link(existing: string, path: string) {
    this.begin();
    await this.live.link(existing, path);
    this.log.push({ op: 'create', path, data: await this.live.readFile(path), synced: true, dirs: this.parents(path) });
  }
  async removeFile(path: string) {
    this.begin();
    await this.live.removeFile(path);
    this.log.push({ op: 'unlink', path, dirs: this.parents(path) });
  }
  async removeEmptyDir(path: string) {
    this.begin();
    await this.live.removeEmptyDir(path);
    this.log.push({ op: 'rmdir', path, dirs: this.parents(path) });
  }
  async syncDir(path: string) {
    this.begin();
    await this.live.syncDir(path);
    this.log.push({ op: 'syncdir', dir: this.folder(path) });
  }
}
