import type { ApplyReport, EngineProgress } from '../engine/apply.js';
import type { RollbackReport } from '../engine/rollback.js';
import { planToResume, type Run } from '../engine/run-store.js';
import { appliedSentences, progressLines, undoneSentences, type ProgressLine } from '../engine/step-words.js';
import { repairSteps } from '../../steps/index.js';

/** The progress of a run in its steps' words and units; a rollback counts only what the run started. */
export function progressOf(run: Run, phase: EngineProgress['phase']): (p: EngineProgress) => ProgressLine {
  const { forward } = run.replay;
  return progressLines(run.plan?.steps, repairSteps, phase === 'rollback' ? (i) => forward[i] === 'untouched' : undefined);
}

/** What a repair did, a sentence per step: "moved 325 catalogs into CatRoot\backup". */
export function repairedSummary(run: Run, report: ApplyReport): string[] {
  return appliedSentences(planToResume(run).steps, repairSteps, run.replay.forward, report.byAction);
}

/** What a rollback undid, a sentence per step, in the order it undid them. */
export function rolledBackSummary(run: Run, report: RollbackReport): string[] {
  return undoneSentences(run.plan?.steps, repairSteps, run.replay.backward, report.byAction);
}
