import { cmdScript } from '../../src/cmd-script/catroot-repair-cmd.js';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import type { SomeStep } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { backup } from './backup.js';
import { moveCatalogs } from './move-catalogs.js';
import { renameCatroot2 } from './rename-catroot2.js';
import { restoreKb912354 } from './restore-kb912354.js';
import { retrySp2 } from './retry-sp2.js';
import { startCryptsvc } from './start-cryptsvc.js';
import { stopCryptsvc } from './stop-cryptsvc.js';

/** The documented fix, in its order. Each step only plans; the engine applies, journals and undoes. */
export const repairSteps: ReadonlyArray<SomeStep<RepairContext>> = [
  backup,
  stopCryptsvc,
  moveCatalogs,
  restoreKb912354,
  renameCatroot2,
  startCryptsvc,
  retrySp2,
];

/** Server 2003 SP2 stops with 0xfffffbfe: the catalog database is full of hotfix catalogs. */
export const catalogOverflow: RepairPlaybook = {
  id: 'catalog-overflow',
  title: 'Catalog store overflow (Server 2003 SP2, 0xfffffbfe)',
  purpose: 'Moves the hotfix catalogs aside and renews catroot2, so a service pack that failed with 0xfffffbfe installs again.',
  steps: repairSteps,
  // The Windows folder (the catalog store, system32) and the state folder (the run's own files).
  roots: ({ layout, stateDir }) => [layout.windir, stateDir],
  diagnose: ({ world, layout }) => diagnose(world.fs, layout),
  afterRun: {
    online: 'Next: install the service pack again (or run with --installer).',
    offline: 'Next: boot the system and install the service pack again.',
  },
  cmdScript,
};
