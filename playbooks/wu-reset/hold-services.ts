import type { Action } from '../../src/engine/actions/action.js';
import type { Step } from '../../src/engine/plan.js';
import type { StartType } from '../../src/platform/services.js';
import type { RepairContext } from '../../src/repair/context.js';
import { stateIfPresent } from '../../steps/common/service-steps.js';
import { wuFacts } from './facts.js';

/** What restarts on its own during a run (Windows Update Medic, the Update Orchestrator): CryptSvc is never disabled. */
export const HELD = ['UsoSvc', 'DoSvc', 'BITS', 'wuauserv'] as const;

type HoldFacts = { held: Array<{ name: string; type: StartType }> };

const holds = (actions: readonly Action[]) => actions.flatMap((a) => (a.kind === 'set-start-type' ? [a] : []));
const names = (actions: readonly Action[]) =>
  holds(actions)
    .map((a) => `${a.name} (${a.from} -> ${a.to})`)
    .join(', ');

/** With --hold-services: each present service of HELD set to disabled for the run, once the services are stopped. */
export const holdServices: Step<RepairContext, HoldFacts> = {
  id: 'hold-services',
  title: 'With --hold-services: set UsoSvc, DoSvc, BITS and wuauserv to disabled for the run, so nothing restarts them',
  async inspect(ctx) {
    if (!ctx.choices.holdServices || ctx.services.kind === 'offline' || !(await wuFacts(ctx)).renew) return { held: [] };
    const held: HoldFacts['held'] = [];
    for (const name of HELD) if ((await stateIfPresent(ctx, name)) !== undefined) held.push({ name, type: await ctx.services.startType(name) });
    return { held };
  },
  plan: ({ held }) => held.flatMap(({ name, type }): Action[] => (type === 'disabled' ? [] : [{ kind: 'set-start-type', name, from: type, to: 'disabled' }])),
  summary: (_facts, actions) =>
    actions.length ? `set ${names(actions)}; restored after the folders are set aside` : 'start types are left as they are (--hold-services not given)',
  words: {
    doing: 'holding services',
    undoing: 'restoring start types',
    done: (actions) => `set ${names(actions)}`,
    undone: (actions) =>
      `restored the start type of ${holds(actions)
        .map((a) => a.name)
        .join(', ')}`,
  },
};

/** The start types hold-services changed, back to what they were, before the services start again. */
export const releaseServices: Step<RepairContext, Record<string, never>> = {
  id: 'release-services',
  title: 'Restore the start types hold-services changed',
  inspect: async () => ({}),
  plan: (_facts, earlier) => holds(earlier.flatMap((s) => s.actions)).map((a): Action => ({ kind: 'set-start-type', name: a.name, from: a.to, to: a.from })),
  summary: (_facts, actions) => (actions.length ? `set ${names(actions)}` : 'no start type was changed: nothing to restore'),
  words: {
    doing: 'restoring start types',
    undoing: 'holding services again',
    done: (actions) => `restored ${names(actions)}`,
    undone: (actions) =>
      `set ${holds(actions)
        .map((a) => a.name)
        .join(', ')} to disabled again, until the hold was undone too`,
  },
};
