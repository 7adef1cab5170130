import { basename } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import { counted } from '../../src/numbers.js';
import type { RepairContext } from '../../src/repair/context.js';
import { moveInto } from '../../steps/common/move-aside.js';
import { wuFacts, type WuFacts } from './facts.js';

const moves = (actions: readonly { kind: string }[]) => actions.filter((a) => a.kind === 'move-file').length;

/** The BITS queue's files move, one by one (each with its sha256), into a new folder beside them. Never deleted. */
export const setAsideQueue: Step<RepairContext, Pick<WuFacts, 'queue' | 'renew'>> = {
  id: 'set-aside-bits-queue',
  title: 'Move the BITS queue (qmgr*) into a new folder beside it',
  async inspect(ctx) {
    const { queue, renew } = await wuFacts(ctx);
    return { ...(queue ? { queue } : {}), renew };
  },
  plan: ({ queue, renew }) => (renew && queue ? moveInto(queue.dir, queue.files, queue.aside, true) : []),
  summary({ queue }, actions) {
    if (!actions.length) return queue ? 'the BITS queue was set aside by the earlier repair: nothing to do' : 'no BITS queue files: nothing to move';
    return `move ${counted(moves(actions), 'BITS queue file')} (${queue?.files.join(', ')}) into ${queue?.aside}`;
  },
  words: {
    counts: 'move-file',
    doing: 'moving the BITS queue',
    undoing: 'moving the BITS queue back',
    done: (actions) => {
      const to = actions.find((a) => a.kind === 'make-dir');
      return `moved ${counted(moves(actions), 'BITS queue file')} into ${to?.kind === 'make-dir' ? basename(to.path) : 'its backup folder'}`;
    },
    undone: (actions) => `moved ${counted(moves(actions), 'BITS queue file')} back`,
  },
};
