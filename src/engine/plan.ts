import { createHash } from 'node:crypto';
import type { Action, ActionKind } from './actions/action.js';
import { slices, TEXT_PIECE } from './slices.js';

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
  words: StepWords;
}

/** What the admin reads about a step while it runs and once it ran, in the admin's terms (catalogs, not actions). */
export interface StepWords {
  /** The actions the admin counts in this step (the catalogs moved, not the folder made for them); all of them when absent. */
  counts?: ActionKind;
  /** The progress line while the step applies, and while it is undone: "moving catalogs 1,200 / 325,000". */
  doing: string;
  undoing: string;
  /** Past tense, from the step's actions that are done (at least one): "moved 325 catalogs into CatRoot\backup". */
  done(actions: readonly Action[]): string;
  /** Past tense, from those undone; absent when undoing the step changes nothing the admin sees. */
  undone?(actions: readonly Action[]): string;
}

export interface PlannedStep {
  id: string;
  title: string;
  summary: string;
  actions: Action[];
}

/** A step whose facts have a type of their own: a playbook's steps, in one list. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- an existential type: each step's facts are its own
export type SomeStep<Ctx> = Step<Ctx, any>;

export interface Plan {
  format: 1;
  /** The playbook that made the plan; absent in plans made before playbooks were recorded. */
  playbook?: string;
  /** sha256 of every fact the plan was made from: a changed world gives a different fingerprint. */
  fingerprint: string;
  windir: string;
  stateDir: string;
  steps: PlannedStep[];
}

async function inspectAll<Ctx>(steps: ReadonlyArray<SomeStep<Ctx>>, ctx: Ctx): Promise<unknown[]> {
  const facts: unknown[] = [];
  for (const step of steps) facts.push(await step.inspect(ctx));
  return facts;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v) && !('toJSON' in v);

/**
 * JSON.stringify(value) in pieces, the same text: a 100,000-entry listing is hashed a thousand entries at
 * a time instead of becoming one 5 MB string (twice a run: the plan shown, and again under the lock).
 */
export function* jsonPieces(value: unknown): Generator<string> {
  if (Array.isArray(value) && value.length > 1000) {
    yield '[';
    for (const [k, slice] of [...slices(value, 1000)].entries()) yield `${k ? ',' : ''}${slice.map((v) => JSON.stringify(v) ?? 'null').join(',')}`;
    yield ']';
  } else if (isRecord(value) && Object.values(value).some((v) => Array.isArray(v) || isRecord(v))) {
    const fields = Object.entries(value).filter(([, v]) => v !== undefined && typeof v !== 'function');
    yield '{';
    for (const [k, [key, v]] of fields.entries()) {
      yield `${k ? ',' : ''}${JSON.stringify(key)}:`;
      yield* jsonPieces(v);
    }
    yield '}';
  } else yield JSON.stringify(value) ?? 'undefined';
}

function fingerprintOfFacts(facts: readonly unknown[]): string {
  const hash = createHash('sha256');
  for (const stepFacts of facts) {
    for (const piece of jsonPieces(stepFacts)) hash.update(piece);
    hash.update('\n');
  }
  return hash.digest('hex');
}

export async function makePlan<Ctx>(
  steps: ReadonlyArray<SomeStep<Ctx>>,
  ctx: Ctx,
  where: { playbook: string; windir: string; stateDir: string },
): Promise<Plan> {
  const facts = await inspectAll(steps, ctx);
  const planned: PlannedStep[] = [];
  steps.forEach((step, i) => {
    const actions = step.plan(facts[i], planned);
    planned.push({ id: step.id, title: step.title, summary: step.summary(facts[i], actions), actions });
  });
  const { playbook, windir, stateDir } = where;
  return { format: 1, playbook, fingerprint: fingerprintOfFacts(facts), windir, stateDir, steps: planned };
}

/** The fingerprint makePlan would give now, without building the actions: equal means the same plan. */
export async function currentFingerprint<Ctx>(steps: ReadonlyArray<SomeStep<Ctx>>, ctx: Ctx): Promise<string> {
  return fingerprintOfFacts(await inspectAll(steps, ctx));
}

/** JSON.stringify(plan) a slice at a time, so 100,000 actions are never one 20 MB string. */
export function* planJson(plan: Plan): Generator<string> {
  const { steps, ...head } = plan;
  yield `${JSON.stringify(head).slice(0, -1)},"steps":[`;
  for (const [i, { actions, ...step }] of steps.entries()) {
    yield `${i ? ',' : ''}${JSON.stringify(step).slice(0, -1)},"actions":[`;
    for (const [k, slice] of [...slices(actions, TEXT_PIECE)].entries()) yield `${k ? ',' : ''}${slice.map((a) => JSON.stringify(a)).join(',')}`;
    yield ']}';
  }
  yield ']}\n';
}

/** Every action of the plan in order; a plan is never changed once made, so this is worked out once. */
export function actionsOf(plan: Plan): readonly Action[] {
  let actions = flattened.get(plan);
  if (!actions) flattened.set(plan, (actions = plan.steps.flatMap((s) => s.actions)));
  return actions;
}
const flattened = new WeakMap<Plan, readonly Action[]>();

/** A plan with only bookkeeping left (the manifest) changes nothing on disk. */
export function changesNothing(plan: Plan): boolean {
  return actionsOf(plan).every((a) => a.kind === 'write-manifest');
}
