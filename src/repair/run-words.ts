import type { ApplyReport, EngineProgress } from '../engine/apply.js';
import type { RollbackReport } from '../engine/rollback.js';
import { planToResume, type Run } from '../engine/run-store.js';
import { appliedSentences, progressLines, undoneSentences, type ProgressLine } from '../engine/step-words.js';
import type { SomeStep } from '../engine/plan.js';

/** A playbook's steps, as far as their words go. */
type Steps = ReadonlyArray<Pick<SomeStep<never>, 'id' | 'words'>>;

/** The progress of a run in its steps' words and units; a rollback counts only what the run started. */
export function progressOf(run: Run, phase: EngineProgress['phase'], steps: Steps): (p: EngineProgress) => ProgressLine {
  const { forward } = run.replay;
  return progressLines(run.plan?.steps, steps, phase === 'rollback' ? (i) => forward[i] === 'untouched' : undefined);
}

/** What a repair did, a sentence per step: "moved 325 catalogs into CatRoot\backup". */
export function repairedSummary(run: Run, report: ApplyReport, steps: Steps): string[] {
  return appliedSentences(planToResume(run).steps, steps, run.replay.forward, report.byAction);
}

/** What a rollback undid, a sentence per step, in the order it undid them. */
export function rolledBackSummary(run: Run, report: RollbackReport, steps: Steps): string[] {
  return undoneSentences(run.plan?.steps, steps, run.replay.backward, report.byAction);
}
