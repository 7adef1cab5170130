import type { Step } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';
import { catroot2AsideSays, setAsideAndRenew } from '../../steps/common/set-aside.js';
import { resetFacts, type ResetFacts } from './facts.js';

type Facts = Pick<ResetFacts, 'system32' | 'system32Entries' | 'renew'>;

/** KB822798: catroot2 is set aside under a fresh name (catroot2.old, or .old-N) and an empty one made; CatRoot never moves. */
export const resetCatroot2: Step<RepairContext, Facts> = {
  id: 'reset-catroot2',
  title: 'Set catroot2 aside under a fresh name and create an empty catroot2',
  async inspect(ctx) {
    const { system32, system32Entries, renew } = await resetFacts(ctx);
    return { system32, system32Entries, renew };
  },
  plan: ({ system32, system32Entries, renew }) => (renew ? setAsideAndRenew(system32, system32Entries, 'catroot2') : []),
  ...catroot2AsideSays,
};
