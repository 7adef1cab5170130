import { join, resolve } from 'node:path';
import type { World } from '../engine/world.js';
import { findWindir, resolveLayout, type Layout } from '../platform/windows-paths.js';
import type { RepairChoices } from './context.js';
import type { RepairPlaybook } from './playbook.js';
import { assertStateDirApart } from './state-dir.js';

/** One Windows installation as the tool sees it: where it is, where the tool keeps its runs, and how to reach it. */
export interface System {
  world: World;
  layout: Layout;
  stateDir: string;
  /** The playbook a new run follows. */
  playbook: RepairPlaybook;
  /** Every playbook this version knows: the runs in the state folder may be of any of them. */
  playbooks: readonly RepairPlaybook[];
  /** What the admin chose for the repair's steps (--source, --hold-services): the plan depends on them. */
  choices?: RepairChoices;
  /** Who holds the lock: this process. */
  me: { pid: number; host: string };
  /** Where notes for the admin go on the way (the CLI: stderr); none by default. */
  note?: (text: string) => void;
}

export interface SystemOptions {
  /** Offline: a mounted system volume holding WINDOWS/WINNT. */
  root?: string;
  /** Online: %SystemRoot%. */
  windir?: string;
  stateDir?: string;
}

/**
 * Paths are made absolute first: a run records absolute paths, and reading it back checks every one
 * against the roots. A relative --root would have left a run that no later command could act on.
 */
export async function openSystem(
  world: World,
  options: SystemOptions,
  me: System['me'],
  playbook: RepairPlaybook,
  playbooks: readonly RepairPlaybook[] = [playbook],
): Promise<System> {
  const absolute = (path: string | undefined) => (path === undefined ? undefined : resolve(path));
  const root = absolute(options.root);
  const windir = root !== undefined ? await findWindir(world.fs, root) : absolute(options.windir);
  if (!windir) throw new Error('internal: neither --root nor a Windows folder was given');
  const layout = await resolveLayout(world.fs, windir);
  const stateDir = absolute(options.stateDir) ?? join(layout.windir, 'catroot-repair');
  await assertStateDirApart(world.fs, stateDir, layout);
  return { world, layout, stateDir, playbook, playbooks, me };
}

/** The lock of the Windows folder itself, whatever --state-dir says; not in any folder the survey lists. */
export const systemLockPath = (system: System) => join(system.layout.windir, 'catroot-repair.lock');
