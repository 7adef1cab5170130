import { basename, dirname } from 'node:path';
import type { Action } from '../../src/engine/actions/action.js';
import type { Step } from '../../src/engine/plan.js';
import { counted } from '../../src/numbers.js';
import type { RepairContext } from '../../src/repair/context.js';
import { moveInto } from '../../steps/common/move-aside.js';
import { resetFacts, type TmpFolder } from './facts.js';

const folderNames = (actions: readonly Action[]) => [
  ...new Set(actions.flatMap((a) => (a.kind === 'move-file' ? [`CatRoot\\${basename(dirname(a.to))}`] : []))),
];

/** KB822798: tmp*.cat of both catalog folders go aside (never deleted), each folder's into a CatRoot folder of its own. */
export const moveTmpCatalogs: Step<RepairContext, { folders: TmpFolder[] }> = {
  id: 'move-tmp-catalogs',
  title: 'Move tmp*.cat out of both catalog folders into CatRoot\\tmp-backup-*',
  inspect: async (ctx) => ({ folders: (await resetFacts(ctx)).folders }),
  plan: ({ folders }) => folders.flatMap((f) => moveInto(f.dir, f.tmp, f.aside.path, f.aside.create)),
  summary({ folders }, actions) {
    const moves = actions.filter((a) => a.kind === 'move-file').length;
    if (moves === 0) return 'no tmp*.cat in the catalog folders: nothing to move';
    const parts = folders
      .filter((f) => f.tmp.length)
      .map((f) => `${counted(f.tmp.length, 'tmp*.cat file')} from ${basename(f.dir)} into CatRoot\\${basename(f.aside.path)}`);
    return `move ${parts.join(', ')} (KB*.cat and every other catalog stay)`;
  },
  words: {
    counts: 'move-file',
    doing: 'moving tmp catalogs',
    undoing: 'moving tmp catalogs back',
    done: (actions) => `moved ${counted(actions.filter((a) => a.kind === 'move-file').length, 'tmp catalog')} into ${folderNames(actions).join(' and ')}`,
    undone: (actions) => `moved ${counted(actions.filter((a) => a.kind === 'move-file').length, 'tmp catalog')} back into their catalog folders`,
  },
};
