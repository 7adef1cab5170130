import type { SomeStep } from '../../src/engine/plan.js';
import { CRYPTSVC, type RepairContext } from '../../src/repair/context.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { manifestStep } from '../../steps/common/manifest-step.js';
import { startServiceStep, stopServiceStep } from '../../steps/common/service-steps.js';
import { resetFacts } from './facts.js';
import { moveTmpCatalogs } from './move-tmp-catalogs.js';
import { resetCatroot2 } from './reset-catroot2.js';

/** First, as in catalog-overflow: size and sha256 of every file the run touches, on disk before it is touched. */
const backup = manifestStep('record path, size and sha256 of every touched file in the run folder before it is touched (catroot2 and the tmp*.cat moved)');

async function work(ctx: RepairContext): Promise<boolean> {
  const facts = await resetFacts(ctx);
  return facts.renew || facts.folders.some((f) => f.tmp.length > 0);
}

export const resetSteps: ReadonlyArray<SomeStep<RepairContext>> = [
  backup,
  stopServiceStep('stop-cryptsvc', CRYPTSVC, 'Stop Cryptographic Services (CryptSvc)', work),
  moveTmpCatalogs,
  resetCatroot2,
  startServiceStep('start-cryptsvc', CRYPTSVC, 'Start Cryptographic Services again'),
];

/** KB822798's method for a damaged catalog database (catroot2): trust and catalog errors on a modern Windows. */
export const catroot2Reset: RepairPlaybook = {
  id: 'catroot2-reset',
  title: 'Damaged catalog database (catroot2): KB822798',
  purpose:
    'Sets catroot2 aside for Windows to rebuild, and moves the tmp*.cat leftovers out of both catalog folders, so signature checks (0x800B0109 and kin) work again.',
  steps: resetSteps,
  // system32 holds both CatRoot and catroot2; the state folder holds the run's own files.
  roots: ({ layout, stateDir }) => [layout.system32, stateDir],
  afterRun: {
    online: 'Next: run Windows Update (or the failed install) again; Cryptographic Services rebuilds catroot2 as it goes.',
    offline: 'Next: boot the system and run Windows Update (or the failed install) again.',
  },
};
