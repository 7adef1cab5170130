import type { Plan } from '../engine/plan.js';
import { fmt } from '../numbers.js';
import type { Prompter } from '../platform/prompts.js';
import type { PlanList } from './plan-list.js';
import { planLineCount, renderPlan } from './render.js';

export const INTRO = `catroot-repair fixes the catalog store when a service pack fails with "Failed to install catalog files"
(svcpack.log: error=0xfffffbfe). It moves the hotfix catalogs into CatRoot\\backup, keeps KB912354.CAT,
sets catroot2 aside and lets Windows rebuild it. Nothing is deleted; every change is journaled and can be
rolled back. First, the logs:
`;

/** The wizard's questions, in order; every answer comes from the injected Prompter. */
export const wizard = {
  async backupExists(prompter: Prompter): Promise<boolean> {
    return prompter.confirm('Does a full system-state backup of this server exist (the first step of the documented fix)?', false);
  },

  /** Only online, and only when no --installer was given: the retry is planned with the repair. */
  async installerPath(prompter: Prompter): Promise<string | undefined> {
    const answer = (await prompter.input('Retry the service pack right after the repair? Path to the installer (empty: no):', '')).trim();
    return answer === '' ? undefined : answer;
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
