import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { Playbook } from '../engine/playbook.js';
import type { World } from '../engine/world.js';
import type { Layout } from '../platform/windows-paths.js';
import type { RepairContext } from './context.js';

/** What a playbook's roots and diagnosis read of the system it runs on. */
export interface PlaybookWhere {
  world: World;
  layout: Layout;
  stateDir: string;
}

/** A playbook for a Windows system: its steps plan from a RepairContext. */
export type RepairPlaybook = Playbook<RepairContext, PlaybookWhere, Diagnosis>;

/** The id under which runs made before playbooks were recorded (format-2 journals without one) are read. */
export const FIRST_PLAYBOOK = 'catalog-overflow';

/** The id a run or plan belongs to: one made before ids were recorded is the first playbook's. */
export const playbookIdOf = (recorded: string | undefined): string => recorded ?? FIRST_PLAYBOOK;

/** The playbook of a run or plan among those this version knows; undefined when it knows none of that id. */
export function knownPlaybook(playbooks: readonly RepairPlaybook[], recorded: string | undefined): RepairPlaybook | undefined {
  const id = playbookIdOf(recorded);
  return playbooks.find((p) => p.id === id);
}
