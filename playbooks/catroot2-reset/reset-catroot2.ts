import { basename } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';
import { setAsideAndRenew } from '../../steps/common/set-aside.js';
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
  summary(_facts, actions) {
    const rename = actions.find((a) => a.kind === 'rename-dir');
    if (rename) return `rename ${rename.from} to ${rename.to} (never CatRoot itself) and create an empty catroot2`;
    return actions.length ? 'catroot2 is missing: create an empty one' : 'catroot2 was already renewed by the earlier repair: nothing to do';
  },
  words: {
    doing: 'setting catroot2 aside',
    undoing: 'putting catroot2 back',
    done(actions) {
      const rename = actions.find((a) => a.kind === 'rename-dir');
      return rename
        ? `set catroot2 aside as ${basename(rename.to)} and created an empty catroot2 for Windows to rebuild`
        : 'created an empty catroot2 (there was none)';
    },
    undone(actions) {
      const rename = actions.find((a) => a.kind === 'rename-dir');
      const gone = 'removed, or set aside if Windows had written into it (see the note)';
      return rename
        ? `renamed ${basename(rename.to)} back to catroot2; the new catroot2 was ${gone}`
        : `took away the catroot2 the repair had created: ${gone}`;
    },
  },
};
