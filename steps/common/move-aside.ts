import type { Action } from '../../src/engine/actions/action.js';
import type { Entry } from '../../src/platform/fs.js';
import { childPaths } from '../../src/platform/windows-paths.js';
import { entryNamed } from '../../src/repair/context.js';

/** The entries of each existing candidate folder, by name; 'not-a-folder' when that name is something else. */
export type FolderListings = Record<string, readonly Entry[] | 'not-a-folder'>;

/**
 * `base` unless it already holds a file of a name being moved (or is no folder); then the first free or
 * usable `base-N`. `create`: the folder does not exist yet.
 */
export function chooseAsideFolder(
  parentEntries: readonly Entry[],
  folders: FolderListings,
  names: readonly string[],
  base = 'backup',
): { name: string; create: boolean } {
  for (let n = 1; ; n++) {
    const wanted = n === 1 ? base : `${base}-${n}`;
    const existing = entryNamed(parentEntries, wanted);
    if (!existing) return { name: wanted, create: true };
    const entries = folders[existing.name];
    if (existing.kind === 'dir' && entries !== 'not-a-folder' && entries && !names.some((name) => entryNamed(entries, name))) {
      return { name: existing.name, create: false };
    }
  }
}

/** The moves of `names` from `fromDir` into `target`, after creating `target` when it is new. */
export function moveInto(fromDir: string, names: readonly string[], target: string, create: boolean): Action[] {
  if (names.length === 0) return [];
  const [from, to] = [childPaths(fromDir, names), childPaths(target, names)];
  const moves = names.map((_, i): Action => ({ kind: 'move-file', from: from[i] as string, to: to[i] as string }));
  return create ? [{ kind: 'make-dir', path: target }, ...moves] : moves;
}
