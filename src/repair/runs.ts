import { JournalError } from '../errors.js';
import { latestRunDir, loadRun, type Run } from '../engine/run-store.js';
import type { System } from './system.js';

export async function latestRun(system: System): Promise<Run | undefined> {
  const dir = await latestRunDir(system.world.fs, system.stateDir);
  return dir ? loadRun(system.world.fs, dir, { windir: system.layout.windir, stateDir: system.stateDir }) : undefined;
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
    throw new JournalError(`a rollback of run ${run.id} was started and did not finish`, 'Run catroot-repair --rollback again to finish it before anything else.');
  }
}

export type NextRun = { kind: 'new'; previous: Run | undefined } | { kind: 'resume'; run: Run };

/**
 * What the next repair does with the latest run: refuse (a rollback of it is unfinished), resume it, or
 * start a new one. The one check the dry run and the real run (again under the lock) both make, so the dry
 * run shows what the real run would do.
 */
export function nextRun(previous: Run | undefined): NextRun {
  assertNoRollbackPending(previous);
  return previous && isUnfinished(previous) ? { kind: 'resume', run: previous } : { kind: 'new', previous };
}
