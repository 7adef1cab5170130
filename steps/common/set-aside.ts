import { join } from 'node:path';
import type { Action } from '../../src/engine/actions/action.js';
import { BadInputError } from '../../src/errors.js';
import type { Entry } from '../../src/platform/fs.js';
import { entryNamed } from '../../src/repair/context.js';

/** `<name>.old`, or the first free `<name>.old-N` among the parent folder's entries. */
export function freeAsideName(parentEntries: readonly Entry[], current: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? `${current}.old` : `${current}.old-${n}`;
    if (!entryNamed(parentEntries, name)) return name;
  }
}

/**
 * Sets the folder `name` of `parent` aside under a fresh name and creates an empty one in its place; a
 * missing one is only created. Anything there that is not a folder is refused: it is not the tool's to move.
 */
export function setAsideAndRenew(parent: string, parentEntries: readonly Entry[], name: string): Action[] {
  const current = entryNamed(parentEntries, name);
  if (!current) return [{ kind: 'make-dir', path: join(parent, name) }];
  if (current.kind !== 'dir') throw new BadInputError(`${join(parent, current.name)} is a ${current.kind}, not a folder; refusing to touch it`);
  const path = join(parent, current.name);
  return [
    { kind: 'rename-dir', from: path, to: join(parent, freeAsideName(parentEntries, current.name)) },
    { kind: 'make-dir', path },
  ];
}
