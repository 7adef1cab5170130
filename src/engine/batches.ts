import type { Action } from './actions/action.js';
import type { Progress } from './run-state.js';

/**
 * File moves are journaled in groups sharing their fsyncs (about five each: the group's manifest and its
 * folder, the intent, the two folders of the renames); every other action is a group of its own. A plan of
 * many moves gets about GROUPS_PER_PLAN groups, none over MOVE_BATCH_MAX: at 100,000 catalogs, 196 groups of
 * 512 spent 2.5 s of an 8.7 s run in fsync. The size is the plan's, so a resumed run groups as it did.
 */
export const MOVE_BATCH = 512;
const MOVE_BATCH_MAX = 4096;
const GROUPS_PER_PLAN = 32;

export function moveBatch(actions: readonly Action[]): number {
  let moves = 0;
  // `a?`: a run rebuilt from its journal alone has holes where no intent named the action.
  for (const a of actions) if (a?.kind === 'move-file') moves++;
  return Math.min(MOVE_BATCH_MAX, Math.max(MOVE_BATCH, Math.ceil(moves / GROUPS_PER_PLAN)));
}

/**
 * The size of the group starting at action `from`: up to `cap`, about as many moves as the groups before it
 * held, so sizes double from 512. The first group is hashed before anything moves, with nothing to overlap:
 * kept small, it keeps that wait short.
 */
export const groupSizeAt = (cap: number, from: number): number => Math.min(cap, Math.max(MOVE_BATCH, from));

/**
 * The end of the group starting at `from`. A group in doubt (its intent written by a run that stopped) never
 * takes untouched moves after it, even if that run grouped by another size: those have no manifest yet.
 */
export function batchEnd(actions: readonly Action[], progress: readonly Progress[], from: number, size = MOVE_BATCH): number {
  if (actions[from]?.kind !== 'move-file') return from + 1;
  const fresh = progress[from] === 'untouched';
  let to = from + 1;
  while (to < actions.length && to - from < size && actions[to]?.kind === 'move-file' && progress[to] !== 'done' && (progress[to] === 'untouched') === fresh)
    to++;
  return to;
}

/** The same grouping walking backwards from `last` (inclusive); returns the lowest index of the group. */
export function batchStart(actions: readonly Action[], skip: (i: number) => boolean, last: number, size = MOVE_BATCH): number {
  if (actions[last]?.kind !== 'move-file') return last;
  let from = last;
  while (from > 0 && last - from + 1 < size && actions[from - 1]?.kind === 'move-file' && !skip(from - 1)) from--;
  return from;
}

export function stepOfAction(steps: ReadonlyArray<{ id: string; actions: readonly unknown[] }>): string[] {
  return steps.flatMap((s) => s.actions.map(() => s.id));
}
