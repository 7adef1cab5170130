import { resolve } from 'node:path';
import type { Plan } from '../engine/plan.js';
import { CancelledError } from '../errors.js';
import { fmt } from '../numbers.js';
import type { Prompter } from '../platform/prompts.js';
import type { PlanList } from './plan-list.js';
import { planLineCount, renderPlan } from './render.js';

export const INTRO = `catroot-repair fixes the catalog store when a service pack fails with "Failed to install catalog files"
(svcpack.log: error=0xfffffbfe). It moves the hotfix catalogs into CatRoot\\backup, keeps KB912354.CAT,
sets catroot2 aside and lets Windows rebuild it. Nothing is deleted; every change is journaled and can be
rolled back. First, the logs:
`;

/** Said when the admin has no system-state backup: what the tool's own rollback gives back, and what not. */
export const WITHOUT_BACKUP = `Without a system-state backup, this tool's rollback is the way back. It covers every change this
tool makes to files and folders, byte for byte, from its journal: the catalogs it moves, the KB912354.CAT
copy, catroot2 set aside. It does not cover the rest of the system: the registry, other services, other
files, or what the service pack installer changes. A system-state backup is the documented first step.`;

/** The No to a question that stops the run: exit 130, as Ctrl-C at a question. */
export function answeredNo(): CancelledError {
  return new CancelledError('cancelled at a question (answered No); nothing was changed');
}

/** The wizard's questions, in order; every answer comes from the injected Prompter. */
export const wizard = {
  /** Whether the admin confirmed a backup; without one, says what rollback covers and asks once more (No stops). */
  async backup(prompter: Prompter, say: (text: string) => void): Promise<boolean> {
    if (await prompter.confirm('Does a full system-state backup of this server exist (the first step of the documented fix)?', false)) return true;
    say(WITHOUT_BACKUP);
    if (await prompter.confirm('Go on without a system-state backup?', false)) return false;
    throw answeredNo();
  },

  /**
   * Only online, and only when no --installer was given: the retry is planned with the repair. An answer
   * that is not a file (`problemOf` says why, from the absolute path) is said, and the question asked again.
   */
  async installerPath(prompter: Prompter, problemOf: (path: string) => Promise<string | undefined>): Promise<string | undefined> {
    for (let question = 'Retry the service pack right after the repair? Path to the installer (empty: no):'; ;) {
      const answer = (await prompter.input(question, '')).trim();
      if (answer === '') return undefined;
      const problem = await problemOf(resolve(answer));
      if (!problem) return resolve(answer);
      question = `${problem[0]?.toUpperCase()}${problem.slice(1)}. Path to the installer (empty: no):`;
    }
  },

  /** The full list on the screen when it fits; a longer one is offered as a new file to open (--dry-run prints it all, to redirect). */
  async proceed(prompter: Prompter, plan: Plan, say: (text: string | Iterable<string>) => void, list: PlanList): Promise<boolean> {
    const lines = planLineCount(plan);
    if (lines <= list.screenRows) {
      if (await prompter.confirm('Show every file the plan touches?', false)) say(renderPlan(plan, true));
    } else if (await prompter.confirm(`Show every file the plan touches? (${fmt(lines)} lines, more than a screen: written to a new file to open)`, false)) {
      say(`Every file the plan touches is listed in ${await list.write(renderPlan(plan, true))}`);
    }
    return prompter.confirm('Apply this plan now?', false);
  },
};
