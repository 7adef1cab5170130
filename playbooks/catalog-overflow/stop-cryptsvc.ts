import type { Step } from '../../src/engine/plan.js';
import type { ServiceState } from '../../src/platform/services.js';
import { CRYPTSVC, serviceNames, type RepairContext } from '../../src/repair/context.js';
import { serviceLine, stopActions } from '../../steps/common/services.js';
import { catalogsToMove } from './move-catalogs.js';
import { catroot2Actions } from './rename-catroot2.js';

type Facts = { offline: true } | { offline: false; work: boolean; state: ServiceState; dependents: string[] };

/** Running dependents first (sc refuses with 1051 otherwise), then Cryptographic Services itself. */
export const stopCryptsvc: Step<RepairContext, Facts> = {
  id: 'stop-cryptsvc',
  title: 'Stop Cryptographic Services (CryptSvc)',
  async inspect(ctx) {
    if (ctx.services.kind === 'offline') return { offline: true };
    const survey = await ctx.survey();
    const work = catalogsToMove(survey).length > 0 || catroot2Actions(survey, ctx.layout.system32).length > 0;
    const [state, dependents] = await Promise.all([ctx.services.query(CRYPTSVC), ctx.services.runningDependents(CRYPTSVC)]);
    return { offline: false, work, state, dependents: dependents.sort() };
  },
  plan(facts) {
    if (facts.offline || !facts.work) return [];
    return stopActions(CRYPTSVC, facts.state, facts.dependents);
  },
  summary(facts, actions) {
    if (facts.offline) return 'offline image: no service runs, nothing to stop';
    if (!facts.work) return 'nothing to repair: CryptSvc is left as it is';
    return actions.length ? serviceLine(actions, 'stop') : 'CryptSvc is already stopped';
  },
  words: {
    doing: 'stopping services',
    undoing: 'starting services again',
    done: (actions) => `stopped ${serviceNames(actions)}`,
    undone: (actions) => `started ${serviceNames(actions)} again`,
  },
};
