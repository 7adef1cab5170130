import { dirname, sep } from 'node:path';
import { errorCode, type Fs } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

/**
 * A rename, a new file or a removed one is durable only once its folder is fsynced (POSIX); the file's own
 * fsync does not cover its name. These helpers fsync the folders whose entries changed, once per folder.
 */

// As dirname sees them: on POSIX a backslash is part of a name.
const SEPARATORS = sep === '\\' ? ['/', '\\'] : ['/'];

/** Whether `path` is an entry right inside `folder` (false for a folder ending in a separator, a root). */
function directlyIn(path: string, folder: string): boolean {
  const at = folder.length;
  if (path.length <= at + 1 || !SEPARATORS.includes(path[at] as string) || SEPARATORS.includes(folder[at - 1] as string) || !path.startsWith(folder))
    return false;
  return SEPARATORS.every((s) => path.indexOf(s, at + 1) === -1);
}

/** The folders whose entries these actions change: the parents of every source and destination. */
export function foldersChangedBy(actions: readonly Action[]): string[] {
  const folders: string[] = [];
  for (const action of actions) {
    // A run rebuilt from its journal alone has holes where no intent named the action (flatMap skipped them).
    if (!action) continue;
    for (const path of pathsOf(action)) {
      // A group of moves has two folders: checking those spares 200,000 calls of dirname at 100k catalogs.
      let known = false;
      for (const folder of folders) if ((known = directlyIn(path, folder))) break;
      if (known) continue;
      const folder = dirname(path);
      if (!folders.includes(folder)) folders.push(folder);
    }
  }
  return folders;
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
