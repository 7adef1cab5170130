import { setImmediate as nextTurn } from 'node:timers/promises';
import { RepairFailedError } from '../errors.js';
import { fmt } from '../numbers.js';
import type { Digest } from '../platform/fs.js';
import { describeAction, type Action } from './actions/action.js';
import { applyUnlessDone } from './actions/handlers.js';
import type { RunContext } from './actions/action.js';
import { batchEnd, groupSizeAt, moveBatch, stepOfAction } from './batches.js';
import { syncFoldersOf } from './durable.js';
import { GroupManifests } from './group-manifests.js';
import { carry } from './journal/carried.js';
import type { JournalWriter } from './journal/writer.js';
import { LinkGuard } from './paths-guard.js';
import { planToResume, type Run } from './run-store.js';
import type { World } from './world.js';

export interface EngineProgress {
  phase: 'apply' | 'rollback';
  step: string;
  done: number;
  total: number;
  /** Where the run stands: applying, the index after the group just done; rolling back, the first index of the group just undone. */
  at: number;
}
export type OnProgress = (p: EngineProgress) => void;

/** The message of a run stopped between groups, naming what stopped it (the CLI aborts with the signal's name). */
export function stoppedBy(signal: AbortSignal): string {
  return `stopped by ${typeof signal.reason === 'string' ? signal.reason : 'an interrupt'} between journal groups`;
}

/**
 * The real Fs is synchronous, so a run never returns to the event loop by itself and a signal handler
 * would not run until the end: once per group, let it.
 */
export const letSignalsIn = (): Promise<void> => nextTurn();

export interface ApplyOptions {
  onProgress?: OnProgress;
  /** Aborting stops the run between groups, where the journal is complete. */
  signal?: AbortSignal;
  /** Called with each group's actions once its done record is written, and with what its manifest recorded if this run wrote it. */
  afterGroup?: (actions: readonly Action[], recorded?: readonly Digest[]) => void;
}

/** What this attempt did with an action, in `byAction`: 0 when nothing (done before it, or never reached). */
export const APPLIED = 1;
export const FOUND_DONE = 2;

/** What a run touched: how many actions it applied now and found done, per action which, and results such as an installer's exit code. */
export interface ApplyReport {
  applied: number;
  skipped: number;
  byAction: Uint8Array;
  results: Map<number, Record<string, unknown>>;
}

export function runContext(run: Run): RunContext {
  return { runDir: run.dir, base: run.windir, actions: run.actions };
}

/**
 * Applies a run's plan from wherever its journal says it stopped. An intent record is durable before
 * its actions start, and a group of moves has its manifest durable before its intent; an action in doubt
 * (intent without done) is judged by the world, never guessed.
 */
export async function applyRun(
  world: World,
  run: Run,
  journal: JournalWriter,
  { onProgress = () => {}, signal, afterGroup }: ApplyOptions = {},
): Promise<ApplyReport> {
  const ctx = runContext(run);
  const { actions } = ctx;
  const progress = [...run.replay.forward];
  const stepIds = stepOfAction(planToResume(run).steps);
  const guard = new LinkGuard(world.fs, run.roots);
  const manifests = new GroupManifests(world.fs, ctx);
  const report: ApplyReport = { applied: 0, skipped: 0, byAction: new Uint8Array(actions.length), results: new Map(run.replay.results) };
  const cap = moveBatch(actions);
  const groupEnd = (from: number) => batchEnd(actions, progress, from, groupSizeAt(cap, from));
  let current = -1;
  let guarded = 0;
  let finished = false;
  try {
    await journal.write({ type: 'state', state: 'applying', at: world.clock.now().toISOString() });
    await journal.sync();
    for (let i = 0; i < actions.length;) {
      if (progress[i] === 'done') {
        i++;
        continue;
      }
      // A signal stops the run between groups, where the journal is complete.
      if (signal?.aborted) throw new Error(stoppedBy(signal));
      const end = groupEnd(i);
      const next = end < actions.length ? { from: end, to: groupEnd(end), started: progress[end] !== 'untouched' } : undefined;
      const fresh = progress[i] === 'untouched';
      // Before any file of this group, or of the next (which may be hashed ahead), is even read for the
      // manifest: no link or junction above any of them. Each action once; each folder once (LinkGuard).
      for (let k = Math.max(i, guarded); k < (next?.to ?? end); k++) {
        current = k;
        await guard.assertActionPaths(actions[k] as Action);
      }
      guarded = next?.to ?? end;
      current = i;
      const recorded = await manifests.beforeIntent({ from: i, to: end, started: !fresh }, next);
      // Format 2: the intent carries the group's actions (rollback needs nothing else) and a copy's temporary name.
      const carried = carry(run.id, i, actions.slice(i, end));
      await journal.write({ type: 'intent', from: i, to: end, ...carried });
      await journal.sync();
      let result: Record<string, unknown> | undefined;
      for (let k = i; k < end; k++) {
        current = k;
        const action = actions[k] as Action;
        if (action.kind === 'run-program' && progress[k] === 'in-doubt') {
          // Killed while the installer ran: its outcome is unknown and it is not started twice.
          result = { exitCode: null, interrupted: true };
          report.skipped++;
          report.byAction[k] = FOUND_DONE;
          continue;
        }
        const outcome = await applyUnlessDone(world, ctx, action, fresh, carried.partial);
        if ('conflict' in outcome) throw new RepairFailedError(`cannot ${describeAction(action)}: ${outcome.conflict}`);
        if (outcome.by === 'earlier') {
          report.skipped++;
          report.byAction[k] = FOUND_DONE;
          continue;
        }
        result = outcome.result ?? result;
        report.applied++;
        report.byAction[k] = APPLIED;
      }
      if (result) report.results.set(i, result);
      // The renames are on disk before the record that says so: a power loss never keeps one without the other.
      await syncFoldersOf(world.fs, actions.slice(i, end));
      await journal.write(result ? { type: 'done', from: i, to: end, result } : { type: 'done', from: i, to: end });
      progress.fill('done', i, end);
      afterGroup?.(actions.slice(i, end), recorded);
      onProgress({ phase: 'apply', step: stepIds[end - 1] ?? '', done: end, total: actions.length, at: end });
      i = end;
      if (signal) await letSignalsIn();
    }
    await journal.write({ type: 'state', state: 'applied', at: world.clock.now().toISOString() });
    finished = true;
    await journal.sync();
    return report;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // Once "applied" is written, only its fsync can fail: every action is done, and a rerun confirms it.
    if (!finished) await markFailed(world, journal, message);
    const where = current >= 0 ? ` at action ${fmt(current + 1)} of ${fmt(actions.length)} (${describeAction(actions[current] as Action)})` : '';
    throw new RepairFailedError(
      `the repair stopped${where}: ${message}`,
      'Nothing was lost: run the same command again to resume, or --rollback to undo what was done.',
      { cause: error },
    );
  }
}

/** Best effort: when the journal itself cannot be written, the intent records already say enough to resume. */
export async function markFailed(world: World, journal: JournalWriter, error: string): Promise<void> {
  try {
    await journal.write({ type: 'state', state: 'failed', at: world.clock.now().toISOString(), error });
    await journal.sync();
  } catch {
    // The first error is the one to report; this one is the same broken disk.
  }
}
