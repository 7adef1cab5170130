import { sep } from 'node:path';
import type { Fs, PendingDigests } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

/** A path an action changed, in the group it belongs to; '' stands for anything (an installer ran). */
type Touch = { group: number; path: string; folder: boolean };

/** dirname without its normalising pass: 200,000 calls for a 100k plan. */
const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));

/**
 * Verify, started early: once a group of moves is done, its files are hashed in their new places while
 * the next group moves (by the worker thread, on the real disk). A digest counts only if no later action
 * touched its path or a folder above it; verify hashes everything else itself.
 */
export class HashAhead {
  private readonly jobs: Array<{ group: number; paths: string[]; pending: PendingDigests }> = [];
  private readonly touches: Touch[] = [];
  private group = 0;

  private constructor(private readonly fs: Fs) {}

  /** None when files are moved out of a folder others are moved into: a digest could then go stale unseen. */
  static for(fs: Fs, actions: readonly Action[]): HashAhead | undefined {
    const [into, outOf] = [new Set<string>(), new Set<string>()];
    for (const a of actions) {
      if (a.kind !== 'move-file') continue;
      into.add(folderOf(a.to));
      outOf.add(folderOf(a.from));
    }
    return [...into].some((dir) => outOf.has(dir)) ? undefined : new HashAhead(fs);
  }

  /** A group's done record is written: its moved files start hashing; what else it touched is noted. */
  groupDone(actions: readonly Action[]): void {
    this.group++;
    const moved: string[] = [];
    for (const a of actions) {
      if (a.kind === 'move-file') moved.push(a.to);
      else if (a.kind === 'run-program') this.touches.push({ group: this.group, path: '', folder: true });
      else for (const path of pathsOf(a)) this.touches.push({ group: this.group, path, folder: a.kind !== 'copy-file' });
    }
    if (moved.length) this.jobs.push({ group: this.group, paths: moved, pending: this.fs.startDigests(moved) });
  }

  /**
   * sha256 of each file hashed ahead and untouched since; a failed job just leaves its files to verify.
   * Jobs and touches are replayed in the order they happened: a touch forgets what was hashed before it.
   */
  async digests(): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const touches = this.touches.splice(0);
    const forget = (touch: Touch) => {
      if (touch.path === '') return out.clear();
      out.delete(touch.path);
      if (touch.folder) for (const path of out.keys()) if (path.startsWith(touch.path + sep) || path.startsWith(`${touch.path}/`)) out.delete(path);
    };
    for (const { group, paths, pending } of this.jobs.splice(0)) {
      while (touches.length && (touches[0] as Touch).group <= group) forget(touches.shift() as Touch);
      const digests = await pending.result().catch(() => []);
      paths.forEach((path, k) => {
        const digest = digests[k];
        if (digest) out.set(path, digest.sha256);
      });
    }
    for (const touch of touches) forget(touch);
    return out;
  }
}
