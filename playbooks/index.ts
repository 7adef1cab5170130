import type { RepairPlaybook } from '../src/repair/playbook.js';
import { catalogOverflow } from './catalog-overflow/index.js';

/** Every playbook this version knows; the first is the one run when none is named. */
export const PLAYBOOKS: readonly RepairPlaybook[] = [catalogOverflow];
