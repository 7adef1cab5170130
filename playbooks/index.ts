import type { RepairPlaybook } from '../src/repair/playbook.js';
import { catalogOverflow } from './catalog-overflow/index.js';
import { catroot2Reset } from './catroot2-reset/index.js';
import { componentStore } from './component-store/index.js';
import { wuReset } from './wu-reset/index.js';

/** Every playbook this version knows; the first is the one run when none is named and no evidence chooses. */
export const PLAYBOOKS: readonly RepairPlaybook[] = [catalogOverflow, catroot2Reset, wuReset, componentStore];
