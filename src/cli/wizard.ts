import type { Plan } from '../engine/plan.js';
import type { Prompter } from '../platform/prompts.js';
import { renderPlan } from './render.js';

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

  async proceed(prompter: Prompter, plan: Plan, say: (text: string | Iterable<string>) => void): Promise<boolean> {
    if (await prompter.confirm('Show every file the plan touches?', false)) say(renderPlan(plan, true));
    return prompter.confirm('Apply this plan now?', false);
  },
};
