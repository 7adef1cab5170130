import type { World } from '../world.js';
import type { Action, ActionStatus, Outcome, RunContext } from './action.js';

/** What applying an action produced, kept in the journal's done record (e.g. an installer's exit code). */
export type ActionResult = Record<string, unknown> | undefined;

/**
 * How an apply is made. `fresh`: no run has started the action, and a file move's source was just hashed
 * as a regular file. `partial`: a copy's temporary name, as its intent record names it.
 */
export interface ApplyHow {
  fresh: boolean;
  partial?: string;
}

/** How the engine tells, applies and undoes one kind of action: one entry per kind in `handlers.ts`. */
export interface Handler<A extends Action> {
  /** What the world says about the action. */
  status(world: World, run: RunContext, a: A): Promise<ActionStatus>;
  /** Applies the action unless the world shows it done already; a conflict is returned, not thrown. */
  applyUnlessDone(world: World, run: RunContext, a: A, how: ApplyHow): Promise<Outcome>;
  /** Undoes an applied action; returns a note when the undo differs from a plain inverse. */
  undo(world: World, a: A): Promise<string | undefined>;
  /**
   * For a rollback that finds this action in conflict: clears what Windows put in its way, without deleting
   * anything, and returns a note; undefined when it cannot (the conflict is reported as it is).
   */
  clearForUndo?(world: World, a: A): Promise<string | undefined>;
  /** Why an applied action must be left as it is (`blocked`: this rollback has met conflicts); undefined: undo it. */
  undoRefused?(world: World, a: A, result: ActionResult, blocked: boolean): Promise<string | undefined>;
  /** Removes what a crash in the middle of the action can leave behind, by the name its intent record gave. */
  cleanup?(world: World, a: A, partial: string): Promise<void>;
}

/** The usual apply: look at the world first, and apply only what it shows pending. */
export function statusThenApply<A extends Action>(
  status: Handler<A>['status'],
  apply: (world: World, run: RunContext, a: A, how: ApplyHow) => Promise<ActionResult>,
): Pick<Handler<A>, 'status' | 'applyUnlessDone'> {
  return {
    status,
    async applyUnlessDone(world, run, a, how) {
      const now = await status(world, run, a);
      if (now === 'applied') return { by: 'earlier' };
      if (now !== 'pending') return now;
      return { by: 'now', result: await apply(world, run, a, how) };
    },
  };
}
