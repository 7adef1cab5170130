import type { Step } from '../../src/engine/plan.js';
import type { Entry } from '../../src/platform/fs.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { setAsideAndRenew } from '../../steps/common/set-aside.js';

export const manifest: Step<RepairContext, Record<string, never>> = {
  id: 'manifest',
  title: 'Record a manifest',
  inspect: async () => ({}),
  plan: () => [{ kind: 'write-manifest' }],
  summary: () => 'record a manifest',
  words: { doing: 'recording the manifest', undoing: 'keeping the manifest', done: () => 'recorded the manifest' },
};

const renew: Step<RepairContext, { system32: string; entries: Entry[] }> = {
  id: 'renew-catroot2',
  title: 'Set catroot2 aside and create an empty one',
  inspect: async (ctx) => ({ system32: ctx.layout.system32, entries: (await ctx.survey()).system32Entries }),
  plan: ({ system32, entries }) => setAsideAndRenew(system32, entries, 'catroot2'),
  summary: () => 'set catroot2 aside',
  words: { doing: 'renewing catroot2', undoing: 'putting catroot2 back', done: () => 'set catroot2 aside' },
};

/** A second playbook, as small as one can be: it renames catroot2, as catalog-overflow does. */
export const renewCatroot2: RepairPlaybook = {
  id: 'test-renew-catroot2',
  title: 'Test: renew catroot2',
  purpose: 'A second playbook for the tests of the seam between playbooks.',
  steps: [manifest, renew],
  roots: ({ layout, stateDir }) => [layout.windir, stateDir],
};
