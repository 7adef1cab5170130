import type { Action } from '../src/engine/actions/action.js';
import type { Step } from '../src/engine/plan.js';
import { CRYPTSVC, serviceNames, type RepairContext } from '../src/repair/context.js';

/** Starts CryptSvc whenever the repair changed files, then the dependents the stop step stopped. */
export const startCryptsvc: Step<RepairContext, { offline: boolean }> = {
  id: 'start-cryptsvc',
  title: 'Start Cryptographic Services again',
  inspect: async (ctx) => ({ offline: ctx.services.kind === 'offline' }),
  plan({ offline }, earlier) {
    const actions = earlier.flatMap((s) => s.actions);
    if (offline || !actions.some((a) => a.kind === 'move-file' || a.kind === 'rename-dir' || a.kind === 'make-dir')) return [];
    const stoppedDependents = actions.flatMap((a) => (a.kind === 'stop-service' && a.name !== CRYPTSVC ? [a.name] : []));
    return [CRYPTSVC, ...stoppedDependents].map((name): Action => ({ kind: 'start-service', name }));
  },
  summary: ({ offline }, actions) =>
    offline
      ? 'offline image: CryptSvc starts with Windows'
      : actions.length
        ? actions.flatMap((a) => (a.kind === 'start-service' ? [`start ${a.name}`] : [])).join(', ')
        : 'nothing was stopped: nothing to start',
  words: {
    doing: 'starting services',
    undoing: 'stopping services again',
    done: (actions) => `started ${serviceNames(actions)}`,
    undone: (actions) => `stopped ${serviceNames(actions)} again`,
  },
};
