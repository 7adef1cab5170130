import { sep } from 'node:path';
import type { Digest, Fs, Pending } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

/** A path an action changed, in the group it belongs to; '' stands for anything (an installer ran). */
type Touch = { group: number; path: string; folder: boolean };

/** dirname without its normalising pass: 200,000 calls for a 100k plan. */
const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')));

/** `pending` is dropped once compared: it holds the answers themselves, 100,000 of them over a run. */
type Job = { group: number; pending?: Pending<unknown>; matched: string[]; compared: Promise<void> };

/** Moved files of a group, each with the proof it must show in its new place. */
class Places {
  readonly paths: string[] = [];
  readonly expected: string[] = [];
  add(path: string, proof: string): void {
    this.paths.push(path);
    this.expected.push(proof);
  }
}

/**
 * Verify, started early: once a group of moves is done, its files are checked in their new places while
 * the next group moves (by the worker thread, on the real disk): by their stamp where the manifest's hash
 * left a trusted one, else hashed again and compared with the sha256 the group's manifest recorded. Only the paths that matched are kept, and only while no later action touched
 * them or a folder above them; verify hashes everything else itself.
 */
export class HashAhead {
  private readonly jobs: Job[] = [];
  private readonly touches: Touch[] = [];
  private group = 0;

  private constructor(private readonly fs: Fs) {}

  /** None when files are moved out of a folder others are moved into: a result could then go stale unseen. */
  static for(fs: Fs, actions: readonly Action[]): HashAhead | undefined {
    const [into, outOf] = [new Set<string>(), new Set<string>()];
    actions.forEach((a) => {
      if (a.kind !== 'move-file') return;
      into.add(folderOf(a.to));
      outOf.add(folderOf(a.from));
    });
    return [...into].some((dir) => outOf.has(dir)) ? undefined : new HashAhead(fs);
  }

  /**
   * A group's done record is written: its moved files start being checked in their new places against
   * `recorded` (the digests its manifest holds, one per action, when this run wrote it); what else it
   * touched is noted. A digest with a stamp is checked by the stamp alone (no read: a rename keeps the
   * file, its size and its modification time); any other is hashed again.
   */
  groupDone(actions: readonly Action[], recorded?: ReadonlyArray<Digest | undefined>): void {
    this.group++;
    const [hashed, stamped] = [new Places(), new Places()];
    actions.forEach((a, k) => {
      const digest = recorded?.[k];
      if (a.kind === 'move-file') {
        if (digest?.stamp && this.fs.startStamps) stamped.add(a.to, digest.stamp);
        else if (digest) hashed.add(a.to, digest.sha256);
      } else if (a.kind === 'run-program') this.touches.push({ group: this.group, path: '', folder: true });
      else for (const path of pathsOf(a)) this.touches.push({ group: this.group, path, folder: a.kind !== 'copy-file' });
    });
    if (hashed.paths.length) this.check(hashed, this.fs.startDigests(hashed.paths), (d) => d.sha256);
    if (stamped.paths.length && this.fs.startStamps) this.check(stamped, this.fs.startStamps(stamped.paths), (stamp) => stamp);
  }

  private check<T>(places: Places, pending: Pending<T>, proof: (answer: T) => string): void {
    const job: Job = { group: this.group, pending, matched: [], compared: Promise.resolve() };
    // Compared as soon as the worker is done, so only the matching paths stay in memory, not 100,000 answers.
    job.compared = pending.ready
      .then(() => pending.result())
      .then((answers) => places.paths.forEach((path, k) => answers[k] !== undefined && proof(answers[k]) === places.expected[k] && job.matched.push(path)))
      .catch(() => undefined)
      .finally(() => delete job.pending);
    this.jobs.push(job);
  }

  /**
   * The places hashed ahead with the recorded bytes and untouched since; a failed job just leaves its
   * files to verify. Jobs and touches are replayed in the order they happened: a touch forgets what was
   * hashed before it.
   */
  async verified(): Promise<Set<string>> {
    const jobs = this.jobs.splice(0);
    // What the worker has not finished, this thread helps with.
    for (const job of jobs) void job.pending?.result().catch(() => undefined);
    const out = new Set<string>();
    const touches = this.touches.splice(0);
    const forget = (touch: Touch) => {
      if (touch.path === '') return out.clear();
      out.delete(touch.path);
      if (touch.folder) for (const path of out) if (path.startsWith(touch.path + sep) || path.startsWith(`${touch.path}/`)) out.delete(path);
    };
    for (const job of jobs) {
      while (touches.length && (touches[0] as Touch).group <= job.group) forget(touches.shift() as Touch);
      await job.compared;
      for (const path of job.matched) out.add(path);
    }
    for (const touch of touches) forget(touch);
    return out;
  }
}
