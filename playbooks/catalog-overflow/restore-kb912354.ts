import { basename } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';
import { KB912354 } from './move-catalogs.js';

/** The article's step 6: KB912354.CAT must stay in the catalog folder (SBS licensing), so it is copied back. */
export const restoreKb912354: Step<RepairContext, Record<string, never>> = {
  id: 'restore-kb912354',
  title: 'Copy KB912354.CAT back into the catalog folder',
  inspect: async () => ({}),
  plan(_facts, earlier) {
    const moved = earlier.flatMap((s) => s.actions).find((a) => a.kind === 'move-file' && basename(a.from).toUpperCase() === KB912354);
    return moved?.kind === 'move-file' ? [{ kind: 'copy-file', from: moved.to, to: moved.from }] : [];
  },
  summary: (_facts, actions) => (actions.length ? 'copy KB912354.CAT back, byte-identical' : 'KB912354.CAT is not being moved: nothing to copy back'),
  words: {
    doing: 'copying KB912354.CAT back',
    undoing: 'removing the copy of KB912354.CAT',
    done: () => 'copied KB912354.CAT back into the catalog folder',
    undone: () => 'removed the copy of KB912354.CAT from the catalog folder',
  },
};
