import { writeManifest, manifestStatus } from '../manifest.js';
import type { World } from '../world.js';
import type { Action, ActionKind, ActionStatus, Outcome, RunContext } from './action.js';
import { copyHandler, makeDirHandler, moveHandler } from './file-actions.js';
import { statusThenApply, type ActionResult, type ApplyHow, type Handler } from './handler.js';
import { runProgramHandler } from './program-action.js';
import { startHandler, stopHandler } from './service-actions.js';
import { setStartTypeHandler } from './start-type-action.js';

export type { ActionResult } from './handler.js';

const writeManifestHandler: Handler<Extract<Action, { kind: 'write-manifest' }>> = {
  ...statusThenApply(
    (world, run) => manifestStatus(world, run),
    (world, run) => writeManifest(world, run),
  ),
  // The manifest is the tool's own record: a rollback keeps it.
  undo: async () => undefined,
};

/** Every kind of action and its handler: a new kind is one entry here, and the type says when one is missing. */
const HANDLERS: { [K in ActionKind]: Handler<Extract<Action, { kind: K }>> } = {
  'write-manifest': writeManifestHandler,
  'move-file': moveHandler,
  'rename-dir': moveHandler,
  'make-dir': makeDirHandler,
  'copy-file': copyHandler,
  'stop-service': stopHandler,
  'start-service': startHandler,
  'set-start-type': setStartTypeHandler,
  'run-program': runProgramHandler,
};

const handlerOf = <A extends Action>(a: A): Handler<A> => HANDLERS[a.kind] as unknown as Handler<A>;

export function statusOf(world: World, run: RunContext, a: Action): Promise<ActionStatus> {
  return handlerOf(a).status(world, run, a);
}

/** Applies an action unless the world shows it done already; a conflict is returned, not thrown. */
export function applyUnlessDone(world: World, run: RunContext, a: Action, fresh = false, partial?: string): Promise<Outcome> {
  const how: ApplyHow = partial === undefined ? { fresh } : { fresh, partial };
  return handlerOf(a).applyUnlessDone(world, run, a, how);
}

/** Why an applied action must be left as it is; undefined when it may be undone. */
export async function undoRefused(world: World, a: Action, result: ActionResult, blocked = false): Promise<string | undefined> {
  return handlerOf(a).undoRefused?.(world, a, result, blocked);
}

/** See Handler.clearForUndo. */
export function clearForUndo(world: World, a: Action): Promise<string | undefined> {
  return handlerOf(a).clearForUndo?.(world, a) ?? Promise.resolve(undefined);
}

/** Undoes an applied action; returns a note when the undo differs from a plain inverse. */
export function undoAction(world: World, a: Action): Promise<string | undefined> {
  return handlerOf(a).undo(world, a);
}

/**
 * Removes what a crash in the middle of an action can leave behind, by the name its intent record gave it.
 * Without such a record (a format-1 journal) nothing is removed: a name that merely looks like the tool's is not proof.
 */
export async function cleanupPending(world: World, a: Action, partial?: string): Promise<void> {
  if (partial !== undefined) await handlerOf(a).cleanup?.(world, a, partial);
}
