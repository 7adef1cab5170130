import { fmt } from '../numbers.js';
import type { Action } from './actions/action.js';
import { APPLIED, FOUND_DONE, type EngineProgress } from './apply.js';
import type { PlannedStep, Step, StepWords } from './plan.js';
import type { Progress } from './run-state.js';

type Steps = ReadonlyArray<Pick<Step<unknown>, 'id' | 'words'>>;

/** A progress line: what is being done, counted in the step's own units. */
export interface ProgressLine {
  label: string;
  done: number;
  total: number;
}

/** A step this version does not know (a plan from another version) says its title, in neither tense. */
function wordsOf(steps: Steps, planned: PlannedStep): StepWords {
  const known = steps.find((s) => s.id === planned.id)?.words;
  return known ?? { doing: planned.title, undoing: `undoing: ${planned.title}`, done: () => planned.title, undone: () => `undone: ${planned.title}` };
}

/** Where each planned step starts in the run's list of actions, and where the last one ends. */
function bounds(planned: readonly PlannedStep[]): number[] {
  const starts = [0];
  for (const step of planned) starts.push((starts.at(-1) as number) + step.actions.length);
  return starts;
}

/**
 * Turns the engine's position (an index into every action of the run) into a line per step in the step's
 * units: "moving catalogs 1,200 / 325,000", not "action 1,201 of 325,007". `untouched` leaves out what a
 * rollback has nothing to undo for (the actions never started). Without a plan (lost; a rollback works
 * from the journal alone) the actions are all there is to count.
 */
export function progressLines(
  planned: readonly PlannedStep[] | undefined,
  steps: Steps,
  untouched: (i: number) => boolean = () => false,
): (p: EngineProgress) => ProgressLine {
  if (!planned) return (p) => ({ label: p.phase === 'apply' ? 'applying changes' : 'undoing changes', done: p.done, total: p.total });
  const starts = bounds(planned);
  const words = planned.map((s) => wordsOf(steps, s));
  // counted[i]: how many of the actions before i their step counts (100,000 entries, made once).
  const counted = new Uint32Array((starts.at(-1) as number) + 1);
  planned.forEach((step, s) => {
    const unit = words[s]?.counts;
    step.actions.forEach((a, k) => {
      const i = (starts[s] as number) + k;
      counted[i + 1] = (counted[i] as number) + ((unit === undefined || a.kind === unit) && !untouched(i) ? 1 : 0);
    });
  });
  return (p) => {
    // Applying, the group just done ends at `at`; rolling back, it starts there.
    const inside = p.phase === 'apply' ? p.at - 1 : p.at;
    const s = Math.max(
      0,
      starts.findIndex((start, i) => inside >= start && inside < (starts[i + 1] ?? 0)),
    );
    const [from, to] = [counted[starts[s] as number] as number, counted[starts[s + 1] as number] as number];
    const reached = counted[p.at] as number;
    const step = words[s] as StepWords;
    return p.phase === 'apply' ? { label: step.doing, done: reached - from, total: to - from } : { label: step.undoing, done: to - reached, total: to - from };
  };
}

/**
 * What a run did, a sentence per step in the steps' own words, past tense: `before` is each action's progress
 * when this attempt began (done: by an earlier attempt), `byAction` what this attempt did. A step nothing
 * was done in says nothing. Resumed, the counts in the step's units follow: "(125 in the earlier attempt, 25 found already done)".
 */
function sentences(planned: readonly PlannedStep[], steps: Steps, before: readonly Progress[], byAction: Uint8Array, tense: 'done' | 'undone'): string[] {
  const starts = bounds(planned);
  const out: string[] = [];
  planned.forEach((step, s) => {
    const words = wordsOf(steps, step);
    const say = words[tense];
    const done: Action[] = [];
    let [earlier, found] = [0, 0];
    step.actions.forEach((a, k) => {
      const i = (starts[s] as number) + k;
      const now = byAction[i];
      if (before[i] !== 'done' && now !== APPLIED && now !== FOUND_DONE) return;
      done.push(a);
      if (words.counts !== undefined && a.kind !== words.counts) return;
      if (before[i] === 'done') earlier++;
      else if (now === FOUND_DONE) found++;
    });
    if (!say || done.length === 0) return;
    const detail = [earlier ? `${fmt(earlier)} in the earlier attempt` : '', found ? `${fmt(found)} found already done` : ''].filter(Boolean);
    out.push(`${say(done)}${detail.length ? ` (${detail.join(', ')})` : ''}`);
  });
  return out;
}

/** The repair's sentences, in the order the steps ran. */
export function appliedSentences(planned: readonly PlannedStep[], steps: Steps, before: readonly Progress[], byAction: Uint8Array): string[] {
  return sentences(planned, steps, before, byAction, 'done');
}

/** The rollback's, newest first as it undid them; `before` is each action's rollback progress when this attempt began. */
export function undoneSentences(planned: readonly PlannedStep[] | undefined, steps: Steps, before: readonly Progress[], byAction: Uint8Array): string[] {
  if (!planned) {
    const undone = byAction.reduce((n, v, i) => n + (v === APPLIED || before[i] === 'done' ? 1 : 0), 0);
    return [`undid ${fmt(undone)} change(s) the journal records`];
  }
  return sentences(planned, steps, before, byAction, 'undone').reverse();
}
