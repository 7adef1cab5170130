import type { Run } from '../engine/run-store.js';
import { isUnfinished, rollbackStarted } from '../repair/runs.js';

/** The commands that lead on from a run's state, runnable as printed: what `status` offers the admin. */
export function nextSteps(run: Run, command: string): Record<string, string> {
  const state = run.replay.state;
  if (state === 'rolled-back' || state === 'planned') return {};
  if (rollbackStarted(run)) return { finishRollback: `${command} --rollback --yes` };
  if (isUnfinished(run)) return { ...(run.plan ? { resume: `${command} --yes` } : {}), rollback: `${command} --rollback --yes` };
  return { verify: `${command} verify`, rollback: `${command} --rollback --yes` };
}

const LABELS: Record<string, string> = { resume: 'resume it', rollback: 'undo it', finishRollback: 'finish the rollback', verify: 'check it' };

export function renderNextSteps(steps: Record<string, string>): string[] {
  return Object.entries(steps).map(([key, command]) => `  ${LABELS[key] ?? key}: ${command}`);
}
