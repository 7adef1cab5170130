import { fsError } from '../../platform/fs.js';
import { retryBusy } from '../retry.js';
import type { World } from '../world.js';
import type { Action, ActionStatus, Outcome } from './action.js';
import { statusThenApply, type Handler } from './handler.js';
import { stopHoldersAgain } from './holders.js';

type Move = Extract<Action, { kind: 'move-file' | 'rename-dir' }>;
type MakeDir = Extract<Action, { kind: 'make-dir' }>;
type Copy = Extract<Action, { kind: 'copy-file' }>;

const expectedKind = (a: Move) => (a.kind === 'move-file' ? 'file' : 'dir');

export async function moveStatus(world: World, a: Move): Promise<ActionStatus> {
  const [from, to] = await Promise.all([world.fs.lstat(a.from), world.fs.lstat(a.to)]);
  const kind = expectedKind(a);
  if (!from && to?.kind === kind) return 'applied';
  if (from?.kind === kind && !to) return 'pending';
  if (from && from.kind !== kind) return { conflict: `${a.from} is now a ${from.kind}, not a ${kind}` };
  if (from && to) return { conflict: `both ${a.from} and ${a.to} exist` };
  return { conflict: `neither ${a.from} nor ${a.to} exists` };
}

/** Renames back with retries; after an error, the world decides whether the rename happened. */
async function renameBack(world: World, a: Move): Promise<void> {
  try {
    await retryBusy(world, () => world.fs.rename(a.to, a.from), stopHoldersAgain(world, a));
  } catch (error) {
    if ((await moveStatus(world, a)) === 'pending') return;
    throw error;
  }
}

/** The rename, with its own no-clobber check; only when it fails does the world decide what happened. */
async function renameNow(world: World, a: Move): Promise<Outcome> {
  try {
    await retryBusy(world, () => world.fs.rename(a.from, a.to), stopHoldersAgain(world, a));
    return { by: 'now' };
  } catch (error) {
    const status = await moveStatus(world, a);
    if (status === 'pending') throw error;
    return status === 'applied' ? { by: 'now' } : status;
  }
}

/**
 * Status-then-apply with one lstat fewer: while the source is in place, the rename's own no-clobber check
 * stands in for looking at the destination first.
 */
async function moveUnlessDone(world: World, a: Move): Promise<Outcome> {
  if ((await world.fs.lstat(a.from))?.kind === expectedKind(a)) return renameNow(world, a);
  const status = await moveStatus(world, a);
  return status === 'applied' ? { by: 'earlier' } : status === 'pending' ? { conflict: `${a.from} cannot be moved` } : status;
}

/** `<name>.created-by-repair-N`, the first N free beside `path`: where something Windows made in the tool's way goes. */
export async function asideName(world: World, path: string): Promise<string> {
  for (let n = 1; ; n++) {
    const aside = `${path}.created-by-repair-${n}`;
    if (!(await world.fs.lstat(aside))) return aside;
  }
}

export const moveHandler: Handler<Move> = {
  status: (world, _run, a) => moveStatus(world, a),
  /** A fresh move: no run has started it, and the group's manifest has just hashed its source as a regular file. */
  applyUnlessDone: (world, _run, a, { fresh }) => (a.kind === 'move-file' && fresh ? renameNow(world, a) : moveUnlessDone(world, a)),
  undo: async (world, a) => void (await renameBack(world, a)),
  /** A file Windows made where a moved one belongs (BITS rebuilds qmgr.db when it starts) is set aside, never deleted. */
  async clearForUndo(world, a) {
    if (a.kind !== 'move-file') return undefined;
    const [from, to] = await Promise.all([world.fs.lstat(a.from), world.fs.lstat(a.to)]);
    if (from?.kind !== 'file' || to?.kind !== 'file') return undefined;
    const aside = await asideName(world, a.from);
    await retryBusy(world, () => world.fs.rename(a.from, aside));
    return `${a.from} was made again after the run; set aside as ${aside}`;
  },
};

async function makeDirStatus(world: World, a: MakeDir): Promise<ActionStatus> {
  const info = await world.fs.lstat(a.path);
  if (!info) return 'pending';
  return info.kind === 'dir' ? 'applied' : { conflict: `${a.path} exists and is a ${info.kind}` };
}

/**
 * Why this run must not undo its make-dir: the folder there now is another one (another run's, or one
 * restored by another run's rollback). Undefined when it is the same folder, or no identity was recorded.
 */
async function notOurs(world: World, a: MakeDir, made: unknown): Promise<string | undefined> {
  if (typeof made !== 'string') return undefined;
  const id = (await world.fs.lstat(a.path))?.id;
  return id !== undefined && id !== made ? `${a.path} is not the folder this run made; left as it is` : undefined;
}

export const makeDirHandler: Handler<MakeDir> = {
  ...statusThenApply(
    (world, _run, a) => makeDirStatus(world, a),
    // Records which folder it made (its identity), so that an undo can tell it from one put in its place later.
    async (world, _run, a) => {
      await world.fs.mkdir(a.path);
      const id = (await world.fs.lstat(a.path))?.id;
      return id === undefined ? undefined : { made: id };
    },
  ),
  /**
   * A folder that is not the one this run made is left as it is; and, while this rollback has met conflicts
   * (`blocked`), one that is not empty. Setting that folder aside would take away what a later rollback
   * needs to finish once the conflicts are resolved (the backup folder still holding a file whose way back
   * was in conflict).
   */
  async undoRefused(world, a, result, blocked) {
    const refused = await notOurs(world, a, result?.made);
    if (refused || !blocked) return refused;
    return (await world.fs.readdir(a.path)).length === 0 ? undefined : `${a.path} is not empty; left in place until the conflicts above are resolved`;
  },
  /** Removes the folder only while empty; if something was written into it meanwhile, sets it aside instead. */
  async undo(world, a) {
    if ((await world.fs.readdir(a.path)).length === 0) {
      await world.fs.removeEmptyDir(a.path);
      return undefined;
    }
    const aside = await asideName(world, a.path);
    await retryBusy(world, () => world.fs.rename(a.path, aside));
    return `${a.path} was no longer empty; set aside as ${aside}`;
  },
};

async function copyStatus(world: World, a: Copy): Promise<ActionStatus> {
  const [from, to] = await Promise.all([world.fs.lstat(a.from), world.fs.lstat(a.to)]);
  if (from?.kind !== 'file') return { conflict: `copy source ${a.from} is missing` };
  if (!to) return 'pending';
  if (to.kind !== 'file') return { conflict: `${a.to} exists and is a ${to.kind}` };
  const [source, copy] = await world.fs.digests([a.from, a.to]);
  const same = source !== undefined && source.sha256 === copy?.sha256;
  return same ? 'applied' : { conflict: `${a.to} exists with other content` };
}

export const copyHandler: Handler<Copy> = {
  ...statusThenApply(
    (world, _run, a) => copyStatus(world, a),
    /**
     * Copies to a temporary name, then renames: a crash never leaves a half-written file under the real
     * name. The name is unique to the run and the action, named by the intent record before it exists, and
     * created exclusively. Only on a retry (not `fresh`: an earlier try of this run started it) is a regular
     * file there the tool's own, left by that try; otherwise the exclusive copy refuses whatever is there.
     */
    async (world, _run, a, { fresh, partial }) => {
      if (partial === undefined) throw new Error(`internal: no temporary name recorded for ${a.to}`);
      if (!fresh && (await world.fs.lstat(partial))?.kind === 'file') await world.fs.removeFile(partial);
      await world.fs.copyFile(a.from, partial);
      await retryBusy(world, () => world.fs.rename(partial, a.to));
      return undefined;
    },
  ),
  /** The copy is the tool's own file; it is removed only while it still equals its source, which stays. */
  async undo(world, a) {
    if ((await copyStatus(world, a)) !== 'applied') throw fsError('ECONFLICT', `${a.to} is no longer the copy this run made`);
    await world.fs.removeFile(a.to);
    return undefined;
  },
  /** Only while the recorded temporary name is a regular file. */
  async cleanup(world, _a, partial) {
    if ((await world.fs.lstat(partial))?.kind === 'file') await world.fs.removeFile(partial);
  },
};
