import { BadInputError, NoRunError, StalePlanError } from '../errors.js';
import type { Action } from '../engine/actions/action.js';
import { applyRun, type ApplyReport, type OnProgress } from '../engine/apply.js';
import { HashAhead } from '../engine/hash-ahead.js';
import type { JournalWriter } from '../engine/journal/writer.js';
import { mkdirDurable } from '../engine/durable.js';
import { acquireLock } from '../engine/lock.js';
import { verifyManifest, type VerifyReport } from '../engine/manifest.js';
import { actionsOf, changesNothing, currentFingerprint, makePlan, type Plan } from '../engine/plan.js';
import { rollbackRun, type RollbackReport } from '../engine/rollback.js';
import { createRun, openJournal, type Run } from '../engine/run-store.js';
import { errorCode, type Digest, type Entry } from '../platform/fs.js';
import { repairSteps } from '../../steps/index.js';
import type { InstallerSpec } from './context.js';
import { assertNoRollbackPending, isUnfinished, latestRun } from './runs.js';
import { repairContext, type System } from './system.js';

export interface ShownPlanOptions {
  installer?: InstallerSpec;
  /** The latest run when the caller has just read it, even if that was none (a 100k plan.json is parsed once). */
  previous?: Run | undefined;
  /** The catalog folder as the caller just read it for the diagnosis. */
  catalogListing?: readonly Entry[];
}

/** The plan to show. The real run trusts none of what the caller passed: under the lock it reads the disk again and compares fingerprints. */
export async function planRepair(system: System, options: ShownPlanOptions = {}): Promise<Plan> {
  const previous = 'previous' in options ? options.previous : await latestRun(system);
  return planFresh(system, previous, options.installer, options.catalogListing);
}

function planFresh(system: System, previous: Run | undefined, installer?: InstallerSpec, catalogListing?: readonly Entry[]): Promise<Plan> {
  const ctx = repairContext(system, previous?.replay.state === 'applied', installer, catalogListing);
  return makePlan(repairSteps, ctx, { windir: system.layout.windir, stateDir: system.stateDir });
}

/** The plan the admin saw, if the world still gives it; a plan is a pure function of its facts, so an equal fingerprint means an equal plan. */
async function confirmPlan(system: System, previous: Run | undefined, expected: Plan, installer?: InstallerSpec): Promise<Plan> {
  const ctx = repairContext(system, previous?.replay.state === 'applied', installer);
  if ((await currentFingerprint(repairSteps, ctx)) !== expected.fingerprint) {
    throw new StalePlanError('the system changed since the plan was shown; nothing was changed', 'Run the command again to see the current plan.');
  }
  return expected;
}

export type RepairOutcome =
  | { kind: 'already-done'; plan: Plan }
  | { kind: 'repaired'; run: Run; resumed: boolean; report: ApplyReport; verify: VerifyReport };

async function withLock<T>(system: System, fn: () => Promise<T>): Promise<T> {
  try {
    await mkdirDurable(system.world.fs, system.stateDir);
  } catch (error) {
    throw new BadInputError(`cannot create the state folder ${system.stateDir} (${errorCode(error) ?? 'error'})`, 'Give a writable folder with --state-dir.', { cause: error });
  }
  const lock = await acquireLock(system.world, system.stateDir, system.me);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

export interface RepairOptions {
  installer?: InstallerSpec;
  backupConfirmed: boolean;
  /** The plan the admin saw (dry-run or wizard): refused if the world has changed since. */
  expected?: Plan;
  onProgress?: OnProgress;
  /** Called once the plan to apply is known, before anything changes (the wizard shows it). */
  onStart?: (run: Run, resumed: boolean) => void;
  /** Aborting stops the run between journal groups; it can then be resumed or rolled back. */
  signal?: AbortSignal;
  /**
   * Called where large structures just died (the CLI runs a full collection): before the world is read
   * again under the lock (the survey behind the plan shown), and once the plan is confirmed (that second survey).
   */
  releaseMemory?: () => void;
}

/** Resumes an unfinished run, or plans and applies a new one, then verifies its manifest. */
export async function repair(system: System, options: RepairOptions): Promise<RepairOutcome> {
  return withLock(system, async () => {
    const previous = await latestRun(system);
    assertNoRollbackPending(previous);
    if (previous && isUnfinished(previous)) {
      options.onStart?.(previous, true);
      return applyAndVerify(system, previous, true, options);
    }
    if (options.expected) options.releaseMemory?.();
    const plan = options.expected ? await confirmPlan(system, previous, options.expected, options.installer) : await planFresh(system, previous, options.installer);
    if (changesNothing(plan)) return { kind: 'already-done', plan };
    options.releaseMemory?.();
    const { run, journal } = await createRun(system.world, plan, { backupConfirmed: options.backupConfirmed });
    options.onStart?.(run, false);
    return applyAndVerify(system, run, false, options, journal);
  });
}

/** Verify starts during the run: each group of moved files is hashed while the next one moves. */
async function applyAndVerify(system: System, run: Run, resumed: boolean, options: RepairOptions, opened?: JournalWriter): Promise<RepairOutcome> {
  const { fs } = system.world;
  const journal = opened ?? (await openJournal(fs, run));
  const ahead = HashAhead.for(fs, actionsOf(run.plan));
  const afterGroup = ahead && ((actions: readonly Action[], recorded?: readonly Digest[]) => ahead.groupDone(actions, recorded));
  const report = await applyRun(system.world, run, journal, { onProgress: options.onProgress, signal: options.signal, afterGroup }).finally(() => journal.close());
  const verify = await verifyManifest(fs, run.dir, run.plan.windir, await ahead?.verified());
  return { kind: 'repaired', run, resumed, report, verify };
}

export async function rollback(system: System, onProgress?: OnProgress, signal?: AbortSignal): Promise<{ run: Run; report: RollbackReport }> {
  return withLock(system, async () => {
    const run = await latestRun(system);
    if (!run) throw new NoRunError(`no repair run found in ${system.stateDir}`, 'Nothing was changed by this tool here, so there is nothing to undo.');
    if (run.replay.state === 'rolled-back') throw new NoRunError(`run ${run.id} was already rolled back`, 'Nothing left to undo.');
    const journal = await openJournal(system.world.fs, run);
    const report = await rollbackRun(system.world, run, journal, onProgress, signal).finally(() => journal.close());
    return { run, report };
  });
}

export async function verifyLatest(system: System): Promise<{ run: Run; verify: VerifyReport }> {
  const run = await latestRun(system);
  if (!run || run.replay.state !== 'applied') throw new NoRunError(`no finished repair in ${system.stateDir} to verify`, 'Run the repair first.');
  return { run, verify: await verifyManifest(system.world.fs, run.dir, run.plan.windir) };
}

