import { writeManifest, manifestStatus } from '../manifest.js';
import type { World } from '../world.js';
import type { Action, ActionStatus, Outcome, RunContext } from './action.js';
import { copyHandler, makeDirHandler, moveHandler } from './file-actions.js';
import { startHandler, stopHandler } from './service-actions.js';

/** What applying an action produced, kept in the journal's done record (e.g. an installer's exit code). */
export type ActionResult = Record<string, unknown> | undefined;

/** How the engine tells, applies and undoes each kind of action. */
export async function statusOf(world: World, run: RunContext, a: Action): Promise<ActionStatus> {
  switch (a.kind) {
    case 'write-manifest':
      return manifestStatus(world, run);
    case 'move-file':
    case 'rename-dir':
      return moveHandler.status(world, a);
    case 'make-dir':
      return makeDirHandler.status(world, a);
    case 'copy-file':
      return copyHandler.status(world, a);
    case 'stop-service':
      return stopHandler.status(world, a);
    case 'start-service':
      return startHandler.status(world, a);
    case 'run-program':
      // Only the journal knows whether an installer ran; the engine never re-runs one in doubt.
      return 'pending';
  }
}

/**
 * Applies an action unless the world shows it done already; a conflict is returned, not thrown.
 * `fresh`: no run has started it, and a file move's source was just hashed as a regular file.
 * `partial`: a copy's temporary name, as its intent record names it.
 */
export async function applyUnlessDone(world: World, run: RunContext, a: Action, fresh = false, partial?: string): Promise<Outcome> {
  if (a.kind === 'move-file' && fresh) return moveHandler.applyFresh(world, a);
  if (a.kind === 'move-file' || a.kind === 'rename-dir') return moveHandler.applyUnlessDone(world, a);
  const status = await statusOf(world, run, a);
  if (status === 'applied') return { by: 'earlier' };
  if (status !== 'pending') return status;
  return { by: 'now', result: await applyAction(world, run, a, fresh, partial) };
}

async function applyAction(world: World, run: RunContext, a: Action, fresh: boolean, partial?: string): Promise<ActionResult> {
  switch (a.kind) {
    case 'write-manifest':
      return writeManifest(world, run);
    case 'move-file':
    case 'rename-dir':
      return void (await moveHandler.apply(world, a));
    case 'make-dir':
      return makeDirHandler.apply(world, a);
    case 'copy-file':
      if (partial === undefined) throw new Error(`internal: no temporary name recorded for ${a.to}`);
      return void (await copyHandler.apply(world, a, partial, !fresh));
    case 'stop-service':
      return void (await stopHandler.apply(world, a));
    case 'start-service':
      return void (await startHandler.apply(world, a));
    case 'run-program': {
      const { exitCode, timedOut, notStarted, signal } = await world.processes.run(a.file, a.args, { timeoutMs: a.timeoutMs });
      return { exitCode, timedOut, ...(notStarted === undefined ? {} : { notStarted }), ...(signal === undefined ? {} : { signal }) };
    }
  }
}

/**
 * Why an applied action must be left as it is: a make-dir whose folder is not the one this run made; or,
 * while this rollback has met conflicts (`blocked`), one whose folder is not empty. Setting that folder
 * aside would take away what a later rollback needs to finish once the conflicts are resolved (the
 * backup folder still holding a file whose way back was in conflict).
 */
export async function undoRefused(world: World, a: Action, result: Record<string, unknown> | undefined, blocked = false): Promise<string | undefined> {
  if (a.kind !== 'make-dir') return undefined;
  const notOurs = await makeDirHandler.notOurs(world, a, result?.made);
  if (notOurs || !blocked) return notOurs;
  return (await world.fs.readdir(a.path)).length === 0 ? undefined : `${a.path} is not empty; left in place until the conflicts above are resolved`;
}

/** Undoes an applied action; returns a note when the undo differs from a plain inverse. */
export async function undoAction(world: World, a: Action): Promise<string | undefined> {
  switch (a.kind) {
    case 'write-manifest':
      return undefined;
    case 'move-file':
    case 'rename-dir':
      return void (await moveHandler.undo(world, a));
    case 'make-dir': {
      const aside = await makeDirHandler.undo(world, a);
      return aside && `${a.path} was no longer empty; set aside as ${aside}`;
    }
    case 'copy-file':
      return void (await copyHandler.undo(world, a));
    case 'stop-service':
      return void (await stopHandler.undo(world, a));
    case 'start-service':
      return void (await startHandler.undo(world, a));
    case 'run-program':
      return `${a.file} ran and cannot be undone by this tool`;
  }
}

/**
 * Removes what a crash in the middle of an action can leave behind: a copy's temporary file, by the name
 * its intent record gave it before it was created, and only while it is a regular file. Without such a
 * record (a format-1 journal) nothing is removed: a name that merely looks like the tool's is not proof.
 */
export async function cleanupPending(world: World, a: Action, partial?: string): Promise<void> {
  if (a.kind !== 'copy-file' || partial === undefined) return;
  if ((await world.fs.lstat(partial))?.kind === 'file') await world.fs.removeFile(partial);
}
