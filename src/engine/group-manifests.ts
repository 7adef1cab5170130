import { join } from 'node:path';
import { fsError, type Digest, type Fs, type PendingDigests } from '../platform/fs.js';
import type { Action } from './actions/action.js';
import { GROUPS } from './manifest.js';
import { manifestLine } from './manifest-entry.js';

type Move = Extract<Action, { kind: 'move-file' }>;
export interface Group {
  from: number;
  to: number;
  /** An intent record exists for it: its manifest was written then, by this run or one before. */
  started: boolean;
}

/**
 * The manifest of each group of file moves, written and fsynced just before the group's intent record:
 * size, sha256 and planned places of every file in it. The hash opens each source without following
 * links, which is also the last look at it before it moves. While one group moves, the next is hashed.
 */
export class GroupManifests {
  private ahead: { from: number; pending: PendingDigests } | undefined;
  private readonly copies = new Map<string, string[]>();
  private madeFolder = false;

  constructor(
    private readonly fs: Fs,
    private readonly run: { runDir: string; base: string; actions: readonly Action[] },
  ) {
    for (const a of run.actions.filter((a) => a.kind === 'copy-file')) this.copies.set(a.from, [...(this.copies.get(a.from) ?? []), a.to]);
  }

  private moves(group: Group): Move[] | undefined {
    const actions = this.run.actions.slice(group.from, group.to);
    return actions.every((a) => a.kind === 'move-file') ? (actions as Move[]) : undefined;
  }

  /**
   * Makes the group's manifest durable unless it was started before, and returns what it recorded (one
   * digest per action); then starts hashing the next group.
   */
  async beforeIntent(group: Group, next: Group | undefined): Promise<Digest[] | undefined> {
    const moves = this.moves(group);
    const recorded = moves && !group.started ? await this.digestsOf(group.from, moves) : undefined;
    if (moves && recorded) await this.write(group.from, moves, recorded);
    // Hashed while this group runs: only when this group cannot change a file's bytes (an installer could).
    const harmless = moves !== undefined || this.run.actions.slice(group.from, group.to).every((a) => a.kind === 'make-dir');
    const following = harmless && next && !next.started ? this.moves(next) : undefined;
    this.ahead = following && { from: (next as Group).from, pending: this.fs.startDigests(following.map((m) => m.from)) };
    return recorded;
  }

  private async digestsOf(from: number, moves: readonly Move[]): Promise<Digest[]> {
    const sources = moves.map((m) => m.from);
    const ahead = this.ahead?.from === from ? this.ahead.pending : undefined;
    this.ahead = undefined;
    // Hashed ahead, a file may not have been there yet: whatever is missing is looked at again, now.
    const digests = (ahead && (await ahead.result().catch(() => undefined))) || (await this.fs.digests(sources));
    const missing = sources.flatMap((path, k) => (digests[k] ? [] : [k]));
    const again = missing.length ? await this.fs.digests(missing.map((k) => sources[k] as string)) : [];
    return sources.map((path, k) => {
      const digest = digests[k] ?? again[missing.indexOf(k)];
      if (!digest) throw fsError('ENOENT', `${path} is no longer a regular file`);
      return digest;
    });
  }

  private async write(from: number, moves: readonly Move[], digests: readonly Digest[]): Promise<void> {
    const folder = join(this.run.runDir, GROUPS);
    if (!this.madeFolder) {
      await this.fs.mkdir(folder, { recursive: true });
      await this.fs.syncDir(this.run.runDir);
    }
    this.madeFolder = true;
    const file = join(folder, `${String(from).padStart(9, '0')}.jsonl`);
    // Left by a run that stopped before this group's intent: nothing relied on it, and it is the tool's own
    // (the proof: it lies in this run's folder, which createRun made under a new name).
    if (await this.fs.lstat(file)) await this.fs.removeFile(file);
    const lines = moves.map((m, k) => manifestLine(this.run.base, m.from, [m.to, ...(this.copies.get(m.to) ?? [])], digests[k] as Digest));
    await this.fs.createFile(file, lines.join(''));
    // createFile fsyncs the bytes; the name is durable once its folder is, before the group's intent.
    await this.fs.syncDir(folder);
  }
}
