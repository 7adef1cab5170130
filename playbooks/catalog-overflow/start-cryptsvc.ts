import type { Step } from '../../src/engine/plan.js';
import { CRYPTSVC, serviceNames, type RepairContext } from '../../src/repair/context.js';
import { serviceLine, startWhatWasStopped } from '../../steps/common/services.js';

/** Starts CryptSvc whenever the repair changed files, then the dependents the stop step stopped. */
export const startCryptsvc: Step<RepairContext, { offline: boolean }> = {
  id: 'start-cryptsvc',
  title: 'Start Cryptographic Services again',
  inspect: async (ctx) => ({ offline: ctx.services.kind === 'offline' }),
  plan({ offline }, earlier) {
    return offline
      ? []
      : startWhatWasStopped(
          CRYPTSVC,
          earlier.flatMap((s) => s.actions),
        );
  },
  summary: ({ offline }, actions) =>
    offline ? 'offline image: CryptSvc starts with Windows' : actions.length ? serviceLine(actions, 'start') : 'nothing was stopped: nothing to start',
  words: {
    doing: 'starting services',
    undoing: 'stopping services again',
    done: (actions) => `started ${serviceNames(actions)}`,
    undone: (actions) => `stopped ${serviceNames(actions)} again`,
  },
};
