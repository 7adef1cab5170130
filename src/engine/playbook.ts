import type { Action } from './actions/action.js';
import type { SomeStep } from './plan.js';

/** A playbook's verdict on what its programs did: what to say, how the run ends, and the details for --json. */
export interface Judgement {
  lines: string[];
  ends: 'ok' | 'reboot-required' | 'failed';
  details: unknown;
}

/**
 * A playbook is data plus functions: one repair, from the evidence that calls for it to the words after it
 * ran. The engine knows it only through this shape, generic over what its steps inspect (`Ctx`) and the
 * system it is run on (`Where`): it never knows which playbooks exist.
 */
export interface Playbook<Ctx, Where, Verdict = unknown> {
  /** Recorded in every plan and journal it makes: `catalog-overflow`. */
  id: string;
  title: string;
  /** What it is for: the failure it repairs, in a sentence. */
  purpose: string;
  /** Its steps, in order; each only plans. Progress labels and end-of-run sentences come from their words. */
  steps: ReadonlyArray<SomeStep<Ctx>>;
  /** The folders its actions may touch: every path of its plans and journals must lie inside one. */
  roots(where: Where): string[];
  /** Evidence to verdict, read-only. */
  diagnose?(where: Where): Promise<Verdict>;
  /** What the admin is told to do once a run finished. */
  afterRun?: { online: string; offline: string };
  /**
   * What its programs did, judged from the world rather than guessed: `before` reads it as the run starts
   * (this invocation), `after` reads what changed since, with the programs' results in plan order and the
   * run's actions.
   */
  judge?: {
    before(where: Where): Promise<unknown>;
    after(where: Where, before: unknown, results: ReadonlyArray<Record<string, unknown>>, actions: readonly Action[]): Promise<Judgement>;
  };
  /** The admin's choices its steps read (`holdServices`, `dismSource`): another playbook refuses them. */
  takes?: readonly string[];
  /** What to say when its plan changes nothing (the default: the repair is already done). */
  nothingToDo?(where: Where): string;
  /** The repair as a batch file, for a system the tool itself cannot run on. */
  cmdScript?(version: string): string;
}
