import type { SomeStep } from '../src/engine/plan.js';
import type { RepairContext } from '../src/repair/context.js';
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
