import type { Action } from '../../src/engine/actions/action.js';
import type { Step } from '../../src/engine/plan.js';
import type { Entry } from '../../src/platform/fs.js';
import type { RepairContext, Survey } from '../../src/repair/context.js';
import { catroot2AsideSays, freeAsideName, setAsideAndRenew } from '../../steps/common/set-aside.js';
import { catalogsToMove } from './move-catalogs.js';

export function freeOldName(survey: Pick<Survey, 'system32Entries'>, current: string): string {
  return freeAsideName(survey.system32Entries, current);
}

/** What this step plans from, and all its part of the fingerprint: not the whole catalog listing again. */
interface Catroot2Facts {
  system32: string;
  system32Entries: Entry[];
  renew: boolean;
}

/**
 * catroot2 is set aside when catalogs move now, or when no finished repair exists yet (the catalog
 * folder may have been cleaned by hand). After a finished repair, the fresh catroot2 is left alone.
 */
function catroot2Facts(survey: Survey, system32: string): Catroot2Facts {
  return { system32, system32Entries: survey.system32Entries, renew: catalogsToMove(survey).length > 0 || !survey.priorRepair };
}

function actionsFor({ system32, system32Entries, renew }: Catroot2Facts): Action[] {
  return renew ? setAsideAndRenew(system32, system32Entries, 'catroot2') : [];
}

export function catroot2Actions(survey: Survey, system32: string): Action[] {
  return actionsFor(catroot2Facts(survey, system32));
}

export const renameCatroot2: Step<RepairContext, Catroot2Facts> = {
  id: 'rename-catroot2',
  title: 'Rename catroot2 to catroot2.old and create an empty catroot2',
  inspect: async (ctx) => catroot2Facts(await ctx.survey(), ctx.layout.system32),
  plan: actionsFor,
  ...catroot2AsideSays,
};
