import { RepairFailedError } from '../errors.js';
import { fmt } from '../numbers.js';
import { describeAction, type Action } from './actions/action.js';
import { cleanupPending, clearForUndo, statusOf, undoAction, undoRefused } from './actions/handlers.js';
import { APPLIED, letSignalsIn, markFailed, runContext, stoppedBy, type OnProgress } from './apply.js';
import { batchStart, moveBatch, stepOfAction } from './batches.js';
import { syncFoldersOf } from './durable.js';
import type { JournalWriter } from './journal/writer.js';
import { LinkGuard } from './paths-guard.js';
import { partialName } from './journal/carried.js';
import { assertActionsKnown, type Run } from './run-store.js';
import type { World } from './world.js';

export interface RollbackReport {
  undone: number;
  /** Per action, APPLIED where this attempt undid it. */
  byAction: Uint8Array;
  /** What this attempt did differently from a plain inverse (said once, by the attempt that did it). */
  notes: string[];
  /** The notes of earlier attempts of this rollback, from the journal. */
  earlierNotes: string[];
  conflicts: string[];
}

/**
 * Undoes every action the journal says was started, newest first. The world decides for each one:
 * applied is undone, pending is left, anything else is a conflict that is reported and left alone.
 * A group with a conflict gets no undo-done record, so a later rollback looks at it again.
 */
export async function rollbackRun(
  world: World,
  run: Run,
  journal: JournalWriter,
  onProgress: OnProgress = () => {},
  signal?: AbortSignal,
): Promise<RollbackReport> {
  // With plan.json lost, `actions` holds only the started ones, from the journal: all that is needed here.
  assertActionsKnown(run);
  const ctx = runContext(run);
  const { actions } = ctx;
  const { forward, backward } = run.replay;
  const stepIds = run.plan ? stepOfAction(run.plan.steps) : [];
  const guard = new LinkGuard(world.fs, run.roots);
  // A copy's temporary file is removed only under the name its intent recorded, which must be the name this run gives it.
  const recorded = (k: number, a: Action) => (a.kind === 'copy-file' && run.partials.get(k) === partialName(run.id, k, a.to) ? run.partials.get(k) : undefined);
  const report: RollbackReport = { undone: 0, byAction: new Uint8Array(actions.length), notes: [], earlierNotes: [...run.replay.rollbackNotes], conflicts: [] };
  const skip = (i: number) => forward[i] === 'untouched' || backward[i] === 'done';
  const size = moveBatch(actions);
  let finished = false;
  try {
    await journal.write({ type: 'state', state: 'rolling-back', at: world.clock.now().toISOString() });
    await journal.sync();
    for (let last = actions.length - 1; last >= 0;) {
      if (skip(last)) {
        last--;
        continue;
      }
      if (signal?.aborted) throw new RepairFailedError(`the rollback ${stoppedBy(signal)}`, 'Run --rollback again to finish it.');
      const first = batchStart(actions, skip, last, size);
      await journal.write({ type: 'undo-intent', from: first, to: last + 1 });
      await journal.sync();
      const notes: string[] = [];
      let conflicts = 0;
      for (let k = last; k >= first; k--) {
        const action = actions[k] as Action;
        if (action.kind === 'run-program') {
          notes.push(`${action.file} ran during the repair and cannot be undone by this tool`);
          continue;
        }
        await guard.assertActionPaths(action);
        let status = await statusOf(world, ctx, action);
        // Only while this rollback has met no conflict: a file the admin must resolve first (a changed KB912354.CAT copy) stays where it is.
        if (typeof status === 'object' && report.conflicts.length === 0 && conflicts === 0) {
          const cleared = await clearForUndo(world, action);
          if (cleared) {
            notes.push(cleared);
            status = await statusOf(world, ctx, action);
          }
        }
        const refused = status === 'applied' ? await undoRefused(world, action, run.replay.results.get(k), report.conflicts.length > 0) : undefined;
        if (refused) {
          conflicts++;
          report.conflicts.push(`${describeAction(action)}: ${refused}`);
        } else if (status === 'applied') {
          const note = await undoAction(world, action);
          if (note) notes.push(note);
          report.undone++;
          report.byAction[k] = APPLIED;
        } else if (status === 'pending') {
          await cleanupPending(world, action, recorded(k, action));
        } else {
          conflicts++;
          report.conflicts.push(`${describeAction(action)}: ${status.conflict}`);
        }
      }
      report.notes.push(...notes);
      if (conflicts === 0) await syncFoldersOf(world.fs, actions.slice(first, last + 1));
      if (conflicts === 0)
        await journal.write(notes.length ? { type: 'undo-done', from: first, to: last + 1, notes } : { type: 'undo-done', from: first, to: last + 1 });
      onProgress({ phase: 'rollback', step: stepIds[first] ?? '', done: actions.length - first, total: actions.length, at: first });
      last = first - 1;
      if (signal) await letSignalsIn();
    }
    const state = report.conflicts.length === 0 ? 'rolled-back' : 'failed';
    const error = report.conflicts.length === 0 ? undefined : `${fmt(report.conflicts.length)} action(s) could not be undone`;
    await journal.write({ type: 'state', state, at: world.clock.now().toISOString(), ...(error ? { error } : {}) });
    finished = true;
    await journal.sync();
    return report;
  } catch (error) {
    if (!finished) await markFailed(world, journal, error instanceof Error ? error.message : String(error));
    throw error;
  }
}
