import { resolve } from 'node:path';
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

  /**
   * Only online, and only when no --installer was given: the retry is planned with the repair. An answer
   * that is not a file (`problemOf` says why, from the absolute path) is said, and the question asked again.
   */
  async installerPath(prompter: Prompter, problemOf: (path: string) => Promise<string | undefined>): Promise<string | undefined> {
    for (let question = 'Retry the service pack right after the repair? Path to the installer (empty: no):'; ; ) {
      const answer = (await prompter.input(question, '')).trim();
      if (answer === '') return undefined;
      const problem = await problemOf(resolve(answer));
      if (!problem) return resolve(answer);
      question = `${problem[0]?.toUpperCase()}${problem.slice(1)}. Path to the installer (empty: no):`;
    }
  },

  async proceed(prompter: Prompter, plan: Plan, say: (text: string | Iterable<string>) => void): Promise<boolean> {
    if (await prompter.confirm('Show every file the plan touches?', false)) say(renderPlan(plan, true));
    return prompter.confirm('Apply this plan now?', false);
  },
};
