import type { Action } from './actions/action.js';
import type { Progress } from './run-state.js';

/** File moves are journaled in groups sharing one fsync; every other action is a group of its own. */
export const MOVE_BATCH = 512;

export function batchEnd(actions: readonly Action[], progress: readonly Progress[], from: number): number {
  if (actions[from]?.kind !== 'move-file') return from + 1;
  let to = from + 1;
  while (to < actions.length && to - from < MOVE_BATCH && actions[to]?.kind === 'move-file' && progress[to] !== 'done') to++;
  return to;
}

/** The same grouping walking backwards from `last` (inclusive); returns the lowest index of the group. */
export function batchStart(actions: readonly Action[], skip: (i: number) => boolean, last: number): number {
  if (actions[last]?.kind !== 'move-file') return last;
  let from = last;
  while (from > 0 && last - from + 1 < MOVE_BATCH && actions[from - 1]?.kind === 'move-file' && !skip(from - 1)) from--;
  return from;
}

export function stepOfAction(steps: ReadonlyArray<{ id: string; actions: readonly unknown[] }>): string[] {
  return steps.flatMap((s) => s.actions.map(() => s.id));
}
