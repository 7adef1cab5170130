import type { ApplyReport, EngineProgress } from '../engine/apply.js';
import type { RollbackReport } from '../engine/rollback.js';
import { planToResume, type Run } from '../engine/run-store.js';
import { appliedSentences, progressLines, undoneSentences, type ProgressLine } from '../engine/step-words.js';
import type { SomeStep } from '../engine/plan.js';
import { knownPlaybook, type RepairPlaybook } from './playbook.js';

type Playbooks = readonly RepairPlaybook[];

/** The steps of the run's own playbook; none (each step then says its title) when this version does not know it. */
const stepsOf = (run: Run, playbooks: Playbooks): ReadonlyArray<Pick<SomeStep<never>, 'id' | 'words'>> => knownPlaybook(playbooks, run.playbook)?.steps ?? [];

/** The progress of a run in its steps' words and units; a rollback counts only what the run started. */
export function progressOf(run: Run, phase: EngineProgress['phase'], playbooks: Playbooks): (p: EngineProgress) => ProgressLine {
  const { forward } = run.replay;
  return progressLines(run.plan?.steps, stepsOf(run, playbooks), phase === 'rollback' ? (i) => forward[i] === 'untouched' : undefined);
}

/** What a repair did, a sentence per step: "moved 325 catalogs into CatRoot\backup". */
export function repairedSummary(run: Run, report: ApplyReport, playbooks: Playbooks): string[] {
  return appliedSentences(planToResume(run).steps, stepsOf(run, playbooks), run.replay.forward, report.byAction);
}

/** What a rollback undid, a sentence per step, in the order it undid them. */
export function rolledBackSummary(run: Run, report: RollbackReport, playbooks: Playbooks): string[] {
  return undoneSentences(run.plan?.steps, stepsOf(run, playbooks), run.replay.backward, report.byAction);
}
