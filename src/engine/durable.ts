import { dirname } from 'node:path';
import { errorCode, type Fs } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

/**
 * A rename, a new file or a removed one is durable only once its folder is fsynced (POSIX); the file's own
 * fsync does not cover its name. These helpers fsync the folders whose entries changed, once per folder.
 */

/** The folders whose entries these actions change: the parents of every source and destination. */
export function foldersChangedBy(actions: readonly Action[]): string[] {
  return [...new Set(actions.flatMap(pathsOf).map((path) => dirname(path)))];
}

/** Before a group's `done` (or `undo-done`) record: what the group did to names is on disk. */
export async function syncFoldersOf(fs: Fs, actions: readonly Action[]): Promise<void> {
  for (const folder of foldersChangedBy(actions)) {
    // A folder that is not there (a rollback found nothing to undo in it) has no entries to make durable.
    if ((await fs.lstat(folder))?.kind === 'dir') await fs.syncDir(folder);
  }
}

/**
 * mkdir -p whose new folders survive a power loss: the parent of each folder it created is fsynced. One
 * folder at a time, not mkdir's own recursion, which spins forever where a folder can be neither found
 * nor made (under /proc).
 */
export async function mkdirDurable(fs: Fs, path: string): Promise<void> {
  const created: string[] = [];
  for (let p = path; dirname(p) !== p && !(await fs.lstat(p)); p = dirname(p)) created.unshift(p);
  for (const folder of created) {
    await fs.mkdir(folder).catch(async (error: unknown) => {
      if (errorCode(error) !== 'EEXIST' || (await fs.lstat(folder))?.kind !== 'dir') throw error;
    });
    await fs.syncDir(dirname(folder));
  }
}
