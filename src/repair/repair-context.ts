import type { Entry } from '../platform/fs.js';
import type { InstallerSpec, RepairContext } from './context.js';
import { retryPendingAfter } from './store-status.js';
import { memo, surveyStore } from './survey.js';
import type { System } from './system.js';

/** What the steps plan from: the system's disk and services, read lazily and once. */
export function repairContext(system: System, priorRepair: boolean, installer?: InstallerSpec, catalogListing?: readonly Entry[]): RepairContext {
  const { fs, services } = system.world;
  return {
    fs,
    services,
    layout: system.layout,
    installer,
    choices: system.choices ?? {},
    survey: memo(() => surveyStore(fs, system.layout, priorRepair, catalogListing)),
    retryPendingAfter: memo(async () => (priorRepair ? retryPendingAfter(system) : undefined)),
  };
}
