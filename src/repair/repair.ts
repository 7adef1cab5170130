import { join } from 'node:path';
import { BadInputError, NoRunError, StalePlanError } from '../errors.js';
import type { Action } from '../engine/actions/action.js';
import { applyRun, type ApplyReport, type OnProgress } from '../engine/apply.js';
import { HashAhead } from '../engine/hash-ahead.js';
import type { JournalWriter } from '../engine/journal/writer.js';
import { mkdirDurable } from '../engine/durable.js';
import { acquireLock } from '../engine/lock.js';
import { verifyManifest, verifyRestored, type VerifyReport } from '../engine/manifest.js';
import { unwritableFolders } from '../engine/writable.js';
import { actionsOf, changesNothing, currentFingerprint, makePlan, type Plan } from '../engine/plan.js';
import { rollbackRun, type RollbackReport } from '../engine/rollback.js';
import { createRun, openJournal, planToResume, type Run } from '../engine/run-store.js';
import { errorCode, type Digest, type Entry } from '../platform/fs.js';
import { markOf, readSvcpack, type SvcpackMark } from '../diagnosis/svcpack-mark.js';
import { fmt } from '../numbers.js';
import type { InstallerSpec } from './context.js';
import { assertUsableNames } from './names.js';
import { playbookIdOf } from './playbook.js';
import { attachmentFor } from './run-attachment.js';
import { currentRun, isUnfinished, namedRun, nextRunNow, rollbackTarget, type NextRun } from './runs.js';
import { assertNoRunSince, planSha256, type SavedPlan } from './saved-plan.js';
import { repairContext } from './repair-context.js';
import { systemLockPath, type System } from './system.js';
import { assertCanWrite } from './writable.js';

export interface ShownPlanOptions {
  installer?: InstallerSpec;
  /** The current run (newest not rolled back) when the caller has just read it, even if that was none (a 100k plan.json is parsed once). */
  previous?: Run | undefined;
  /** The catalog folder as the caller just read it for the diagnosis. */
  catalogListing?: readonly Entry[];
}

/** The plan to show. The real run trusts none of what the caller passed: under the lock it reads the disk again and compares fingerprints. */
export async function planRepair(system: System, options: ShownPlanOptions = {}): Promise<Plan> {
  const previous = 'previous' in options ? options.previous : await currentRun(system);
  return planFresh(system, previous, options.installer, options.catalogListing);
}

/** A finished run of this very playbook stands: its repair is not made twice (another playbook's is no reason to skip). */
const priorRepairOf = (system: System, previous: Run | undefined) =>
  previous?.replay.state === 'applied' && playbookIdOf(previous.replay.begin.playbook) === system.playbook.id;

/** A plan over names Windows cannot have is refused here, so that every plan made can be read back and undone. */
async function planFresh(system: System, previous: Run | undefined, installer?: InstallerSpec, catalogListing?: readonly Entry[]): Promise<Plan> {
  const ctx = repairContext(system, priorRepairOf(system, previous), installer, catalogListing);
  const { playbook } = system;
  const plan = await makePlan(playbook.steps, ctx, { playbook: playbook.id, windir: system.layout.windir, stateDir: system.stateDir });
  await assertUsableNames(system.world.fs, plan, playbook.roots(system), await ctx.survey(), system.layout.catalogDir);
  return plan;
}

/** The plan the admin saw, if the world still gives it; a plan is a pure function of its facts, so an equal fingerprint means an equal plan. */
async function confirmPlan(system: System, previous: Run | undefined, expected: Plan, installer?: InstallerSpec): Promise<Plan> {
  const ctx = repairContext(system, priorRepairOf(system, previous), installer);
  if ((await currentFingerprint(system.playbook.steps, ctx)) !== expected.fingerprint) {
    throw new StalePlanError('the system changed since the plan was shown; nothing was changed', 'Run the command again to see the current plan.');
  }
  return expected;
}

/**
 * A saved plan is applied only if it is still the plan: no run since it was saved, the same fingerprint now,
 * and the same actions as the plan the disk gives now (a file edited and re-checksummed gives other actions).
 */
async function confirmSavedPlan(system: System, next: NextRun, saved: SavedPlan): Promise<Plan> {
  assertNoRunSince(saved, next);
  const now = await planFresh(system, next.previous, saved.installer ?? undefined);
  if (now.fingerprint !== saved.plan.fingerprint) {
    throw new StalePlanError(
      'the system changed since the plan was saved; nothing was changed',
      'Save the plan again with --dry-run --save-plan FILE, or run without --plan.',
    );
  }
  if (planSha256(now) !== planSha256(saved.plan))
    throw new BadInputError(
      'the saved plan is not the plan its facts give: it was edited; nothing was changed',
      'Save the plan again with --dry-run --save-plan FILE.',
    );
  return saved.plan;
}

/** The dry run of --plan: the checks the real run makes under the lock, without it. */
export async function checkSavedPlan(system: System, saved: SavedPlan): Promise<Plan> {
  return confirmSavedPlan(system, await nextRunNow(system), saved);
}

export type RepairOutcome =
  | { kind: 'already-done'; plan: Plan }
  /** `svcpackBefore`: where svcpack.log stood before this invocation ran anything: the installer's sessions come after it. */
  /** `judgeBefore`: what the playbook's judge read before this invocation ran anything (see Playbook.judge). */
  | { kind: 'repaired'; run: Run; resumed: boolean; report: ApplyReport; verify: VerifyReport; svcpackBefore: SvcpackMark; judgeBefore?: unknown };

/** The system's lock first (two state folders, one Windows folder), then the state folder's, before anything is written there. */
async function withLock<T>(system: System, fn: () => Promise<T>): Promise<T> {
  const systemLock = await acquireLock(system.world, systemLockPath(system), system.me, system.note);
  try {
    try {
      await mkdirDurable(system.world.fs, system.stateDir);
    } catch (error) {
      throw new BadInputError(
        `cannot create the state folder ${system.stateDir} (${errorCode(error) ?? 'error'})`,
        'Give a writable folder with --state-dir.',
        { cause: error },
      );
    }
    const lock = await acquireLock(system.world, join(system.stateDir, 'lock'), system.me, system.note);
    try {
      return await fn();
    } finally {
      await lock.release();
    }
  } finally {
    await systemLock.release();
  }
}

/**
 * A run killed before its journal's first record leaves nothing to roll back but its lock beside the Windows
 * folder: taking the lock (a dead holder's is taken over) and releasing it clears it, and a live one refuses.
 * In a Windows folder the tool cannot write (a read-only volume) there is nothing it could clear.
 */
export async function clearStaleSystemLock(system: System): Promise<void> {
  if ((await unwritableFolders(system.world.fs, [system.layout.windir])).length) return;
  await (await acquireLock(system.world, systemLockPath(system), system.me, system.note)).release();
}

export interface RepairOptions {
  installer?: InstallerSpec;
  backupConfirmed: boolean;
  /** The plan the admin saw (dry-run or wizard): refused if the world has changed since. */
  expected?: Plan;
  /** A plan saved by --dry-run --save-plan (its installer replaces `installer`): applied exactly, or refused. */
  saved?: SavedPlan;
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
  const shown = options.saved?.plan ?? options.expected;
  await assertCanWrite(system, shown ? actionsOf(shown) : []);
  return withLock(system, async () => {
    const next = await nextRunNow(system);
    if (options.saved) assertNoRunSince(options.saved, next);
    const svcpackBefore = markOf(await readSvcpack(system.world.fs, system.layout.logs.svcpack));
    const judgeBefore = await system.playbook.judge?.before(system);
    const before = { svcpackBefore, ...(judgeBefore === undefined ? {} : { judgeBefore }) };
    if (next.kind === 'resume') {
      planToResume(next.run);
      // Known only now: the run to resume, and (below) the plan when none was shown. Refused under the lock, still before any change.
      await assertCanWrite(system, next.run.actions, next.run.dir);
      options.onStart?.(next.run, true);
      return applyAndVerify(system, next.run, true, before, options);
    }
    const { previous } = next;
    if (options.expected || options.saved) options.releaseMemory?.();
    const plan = options.saved
      ? await confirmSavedPlan(system, next, options.saved)
      : options.expected
        ? await confirmPlan(system, previous, options.expected, options.installer)
        : await planFresh(system, previous, options.installer);
    if (changesNothing(plan)) return { kind: 'already-done', plan };
    if (!shown) await assertCanWrite(system, actionsOf(plan));
    options.releaseMemory?.();
    const { run, journal } = await createRun(system.world, plan, {
      backupConfirmed: options.backupConfirmed,
      roots: system.playbook.roots(system),
      attached: attachmentFor(actionsOf(plan), svcpackBefore),
    });
    options.onStart?.(run, false);
    return applyAndVerify(system, run, false, before, options, journal);
  });
}

/** Verify starts during the run: each group of moved files is hashed while the next one moves. */
async function applyAndVerify(
  system: System,
  run: Run,
  resumed: boolean,
  before: { svcpackBefore: SvcpackMark; judgeBefore?: unknown },
  options: RepairOptions,
  opened?: JournalWriter,
): Promise<RepairOutcome> {
  const { fs } = system.world;
  const journal = opened ?? (await openJournal(fs, run));
  const ahead = HashAhead.for(fs, run.actions);
  const afterGroup = ahead && ((actions: readonly Action[], recorded?: readonly Digest[]) => ahead.groupDone(actions, recorded));
  const report = await applyRun(system.world, run, journal, { onProgress: options.onProgress, signal: options.signal, afterGroup }).finally(() =>
    journal.close(),
  );
  const verify = await verifyManifest(fs, run.dir, run.windir, await ahead?.verified(), run.actions);
  return { kind: 'repaired', run, resumed, report, verify, ...before };
}

/** Undoes the newest run not yet rolled back (run again: the one before it), or the run `runId` names where that is safe. */
/** `restored`: after a complete rollback, every file of the manifest checked at its place before the run. */
export async function rollback(
  system: System,
  onProgress?: OnProgress,
  signal?: AbortSignal,
  runId?: string,
): Promise<{ run: Run; report: RollbackReport; restored?: VerifyReport }> {
  await assertCanWrite(system, []);
  return withLock(system, async () => {
    const run = await rollbackTarget(system, runId);
    await assertCanWrite(system, run.actions, run.dir);
    const journal = await openJournal(system.world.fs, run);
    const report = await rollbackRun(system.world, run, journal, onProgress, signal).finally(() => journal.close());
    if (report.conflicts.length) return { run, report };
    return { run, report, restored: await verifyRestored(system.world.fs, run.dir, run.windir) };
  });
}

/** Verifies the current run (newest not rolled back), or the run `runId` names. */
export async function verifyLatest(system: System, runId?: string): Promise<{ run: Run; verify: VerifyReport }> {
  const run = runId === undefined ? await currentRun(system) : await namedRun(system, runId);
  if (run && isUnfinished(run)) {
    const way = run.plan
      ? 'Resume it by running the same repair command again, or undo it with --rollback'
      : 'Undo it with --rollback (resuming needs its plan.json)';
    throw new NoRunError(`run ${run.id} is unfinished (${run.replay.state}); there is no end state to verify yet`, `${way}; \`status\` prints the command.`);
  }
  if (!run || run.replay.state !== 'applied')
    throw new NoRunError(
      runId === undefined ? `no finished repair in ${system.stateDir} to verify` : `run ${runId} is ${run?.replay.state}, not a finished repair`,
      'Run the repair first.',
    );
  // Every moved file must have a manifest record: the plan, or with plan.json lost the journal, says which moved.
  const verify = await verifyManifest(system.world.fs, run.dir, run.windir, new Set(), run.uncarried ? undefined : run.actions);
  if (run.planLost)
    verify.notes = [`plan.json ${run.planLost}: what the run moved comes from its journal${run.uncarried ? ', which (format 1) does not list it' : ''}`];
  if (run.uncarried)
    verify.problems.push(
      `cannot check that every moved file has a manifest record: the journal (format 1) does not list ${fmt(run.uncarried)} action(s), and plan.json ${run.planLost}`,
    );
  return { run, verify };
}
