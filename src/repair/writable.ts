import type { Action } from '../engine/actions/action.js';
import { foldersChangedBy } from '../engine/durable.js';
import { runsDir } from '../engine/run-order.js';
import { unwritableFolders, type Unwritable } from '../engine/writable.js';
import { BadInputError } from '../errors.js';
import type { System } from './system.js';

/** Why the tool cannot write a folder, in plain words and the errno; the one place this is said. */
export function whyUnwritable(code: string): string {
  if (code === 'EROFS') return 'the volume is read-only (EROFS): mount it writable';
  return code === 'EACCES' || code === 'EPERM' ? `not writable (${code})` : `cannot be written (${code})`;
}

/**
 * Every folder a run writes: the Windows folder (the system lock), the state folder and its runs folder
 * (the state lock, a new run's folder), the run's own folder when it has one (its journal, its manifests),
 * and each folder in which the actions make, rename or remove names.
 */
export function foldersWritten(system: System, actions: readonly Action[], runDir?: string): string[] {
  const { windir } = system.layout;
  return [windir, system.stateDir, runsDir(system.stateDir), ...(runDir === undefined ? [] : [runDir]), ...foldersChangedBy(actions)];
}

const line = ({ folder, toMake, code }: Unwritable) => `  ${folder}${toMake === undefined ? '' : ` (to make ${toMake})`}: ${whyUnwritable(code)}`;

/**
 * Refuses before the first change (before any lock, before a run folder) when the tool cannot write one of
 * the folders a run writes: a run started on a read-only volume failed at its first change and was left
 * behind, failed, where it blocked the next run on the same image mounted writable.
 */
export async function assertCanWrite(system: System, actions: readonly Action[], runDir?: string): Promise<void> {
  const refused = await unwritableFolders(system.world.fs, foldersWritten(system, actions, runDir));
  if (refused.length === 0) return;
  throw new BadInputError(
    `cannot write ${refused.length === 1 ? 'a folder' : `${refused.length} folders`} the run must write; nothing was changed:\n${refused.map(line).join('\n')}`,
    refused.some((r) => r.code === 'EROFS')
      ? 'Mount the volume writable, then run again.'
      : 'Run elevated or as a user who may write these folders (or give a writable --state-dir), then run again.',
  );
}
