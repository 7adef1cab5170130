import { join } from 'node:path';
import { BadInputError, JournalError, NoRunError } from '../errors.js';
import { loadPlan, readRunRecord, runNames, runsDir, type Run, type RunRecord } from '../engine/run-store.js';
import { knownPlaybook, playbookIdOf } from './playbook.js';
import type { System } from './system.js';

/** Every run in the state folder, newest first (by sequence, never by clock); folders with no record yet are left out. */
export async function listRuns(system: System): Promise<RunRecord[]> {
  const { fs } = system.world;
  const out: RunRecord[] = [];
  for (const name of (await runNames(fs, system.stateDir)).reverse()) {
    const record = await readRunRecord(fs, join(runsDir(system.stateDir), name), system.layout.windir);
    if (record) out.push(record);
  }
  return out;
}

export function openRun(system: System, record: RunRecord): Promise<Run> {
  const rootsOf = (id: string | undefined) => knownPlaybook(system.playbooks, id)?.roots(system);
  return loadPlan(system.world.fs, record, { windir: system.layout.windir, rootsOf });
}

/** The newest run that is not rolled back: what the tree is now, and what a repair resumes or --rollback undoes. */
export async function currentRun(system: System, runs?: readonly RunRecord[]): Promise<Run | undefined> {
  const record = (runs ?? (await listRuns(system))).find((r) => r.replay.state !== 'rolled-back');
  return record && openRun(system, record);
}

/** The newest run, whatever its state. */
export async function latestRun(system: System): Promise<Run | undefined> {
  const [record] = await listRuns(system);
  return record && openRun(system, record);
}

/**
 * The run --rollback acts on: the newest not yet rolled back, or the one `--run` names if that is safe.
 * Undoing a run beneath a newer one that still stands would pull the tree from under that newer run.
 */
export async function rollbackTarget(system: System, runId?: string): Promise<Run> {
  const runs = await listRuns(system);
  if (runs.length === 0)
    throw new NoRunError(`no repair run found in ${system.stateDir}`, 'Nothing was changed by this tool here, so there is nothing to undo.');
  if (runId === undefined) {
    const run = await currentRun(system, runs);
    if (!run) throw new NoRunError(`every run in ${system.stateDir} was already rolled back`, 'Nothing left to undo.');
    return run;
  }
  const at = runs.findIndex((r) => r.id === runId);
  const record = runs[at];
  if (!record) throw new NoRunError(`no run ${runId} in ${system.stateDir}`, 'catroot-repair status lists the runs.');
  if (record.replay.state === 'rolled-back') throw new NoRunError(`run ${runId} was already rolled back`, 'Nothing left to undo.');
  const standing = runs.slice(0, at).filter((r) => r.replay.state !== 'rolled-back');
  if (standing.length) {
    throw new BadInputError(
      `run ${runId} cannot be rolled back while the newer run ${standing.map((r) => r.id).join(', ')} is not; nothing was changed`,
      'Roll back the newer runs first: catroot-repair --rollback undoes the newest, run again for the one before.',
    );
  }
  return openRun(system, record);
}

/** The run `verify` or `status` looks at: the one named, or the given default. */
export async function namedRun(system: System, runId: string): Promise<Run> {
  const record = (await listRuns(system)).find((r) => r.id === runId);
  if (!record) throw new NoRunError(`no run ${runId} in ${system.stateDir}`, 'catroot-repair status lists the runs.');
  return openRun(system, record);
}

/** A run that started forward and did not finish: the next repair resumes it. */
export function isUnfinished(run: Run): boolean {
  return run.replay.state === 'applying' || (run.replay.state === 'failed' && !rollbackStarted(run));
}

export function rollbackStarted(run: Run): boolean {
  return run.replay.state === 'rolling-back' || run.replay.backward.some((p) => p !== 'untouched');
}

export function assertNoRollbackPending(run: Run | undefined): void {
  if (run && rollbackStarted(run) && run.replay.state !== 'rolled-back') {
    throw new JournalError(
      `a rollback of run ${run.id} was started and did not finish`,
      'Run catroot-repair --rollback again to finish it before anything else.',
    );
  }
}

/** `previous`: the current run, which the new repair follows; `latest`: the newest run of any state, which a saved plan is bound to. */
export type NextRun = { kind: 'new'; previous: Run | undefined; latest: Pick<Run, 'id' | 'replay'> | undefined } | { kind: 'resume'; run: Run };

/**
 * What the next repair does with the latest run: refuse (a rollback of it is unfinished), resume it, or
 * start a new one. The one check the dry run and the real run (again under the lock) both make, so the dry
 * run shows what the real run would do.
 */
export function nextRun(previous: Run | undefined, latest: Pick<Run, 'id' | 'replay'> | undefined = previous): NextRun {
  assertNoRollbackPending(previous);
  return previous && isUnfinished(previous) ? { kind: 'resume', run: previous } : { kind: 'new', previous, latest };
}

/**
 * Two playbooks may change the same folders (both set catroot2 aside): a run of one does not start over an
 * unfinished run of another, whose next step would otherwise find the world moved under it.
 */
export function assertSamePlaybook(run: Run, playbook: string): void {
  const its = playbookIdOf(run.playbook);
  if (its === playbook) return;
  throw new JournalError(
    `run ${run.id} of the playbook ${its} is unfinished (${run.replay.state}); a run of ${playbook} does not start before it is finished or rolled back; nothing was changed`,
    `Finish it by running the ${its} repair again (it resumes), or undo it with catroot-repair --rollback; \`catroot-repair status\` prints the commands.`,
  );
}

/** nextRun for the runs in the state folder now, read once; an unfinished run of another playbook is refused. */
export async function nextRunNow(system: System): Promise<NextRun> {
  const runs = await listRuns(system);
  const next = nextRun(await currentRun(system, runs), runs[0]);
  if (next.kind === 'resume') assertSamePlaybook(next.run, system.playbook.id);
  return next;
}
