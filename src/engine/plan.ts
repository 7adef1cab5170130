import { createHash } from 'node:crypto';
import type { Action } from './actions/action.js';

/**
 * A step is data plus two functions: `inspect` reads facts from the world, `plan` turns facts into actions.
 * Neither changes anything; an empty action list means the step is already done.
 */
export interface Step<Ctx, Facts = unknown> {
  id: string;
  title: string;
  inspect(ctx: Ctx): Promise<Facts>;
  plan(facts: Facts, earlier: readonly PlannedStep[]): Action[];
  /** The line --dry-run and the wizard show for this step, from its facts and its actions. */
  summary(facts: Facts, actions: readonly Action[]): string;
}

export interface PlannedStep {
  id: string;
  title: string;
  summary: string;
  actions: Action[];
}

export interface Plan {
  format: 1;
  /** sha256 of every fact the plan was made from: a changed world gives a different fingerprint. */
  fingerprint: string;
  windir: string;
  stateDir: string;
  steps: PlannedStep[];
}

export async function makePlan<Ctx>(steps: ReadonlyArray<Step<Ctx, any>>, ctx: Ctx, where: { windir: string; stateDir: string }): Promise<Plan> {
  const facts: unknown[] = [];
  const planned: PlannedStep[] = [];
  for (const step of steps) {
    const stepFacts = await step.inspect(ctx);
    facts.push(stepFacts);
    const actions = step.plan(stepFacts, planned);
    planned.push({ id: step.id, title: step.title, summary: step.summary(stepFacts, actions), actions });
  }
  const fingerprint = createHash('sha256').update(JSON.stringify(facts)).digest('hex');
  return { format: 1, fingerprint, ...where, steps: planned };
}

export function actionsOf(plan: Plan): Action[] {
  return plan.steps.flatMap((s) => s.actions);
}

/** A plan with only bookkeeping left (the manifest) changes nothing on disk. */
export function changesNothing(plan: Plan): boolean {
  return actionsOf(plan).every((a) => a.kind === 'write-manifest');
}
