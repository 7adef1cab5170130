import { basename, join } from 'node:path';
import type { Action } from '../../src/engine/actions/action.js';
import type { Step } from '../../src/engine/plan.js';
import { BadInputError } from '../../src/errors.js';
import type { Entry } from '../../src/platform/fs.js';
import { entryNamed } from '../../src/repair/context.js';

/** `base`, or the first `base-N` that no entry of the folder is named (in any case). */
export function freshName(entries: readonly Entry[], base: string): string {
  for (let n = 1; ; n++) {
    const name = n === 1 ? base : `${base}-${n}`;
    if (!entryNamed(entries, name)) return name;
  }
}

/** `<name>.old`, or the first free `<name>.old-N` among the parent folder's entries. */
export const freeAsideName = (parentEntries: readonly Entry[], current: string): string => freshName(parentEntries, `${current}.old`);

/** How the rename is made: the services to stop again if the folder is found in use (online only), and its proof. */
export type AsideOptions = Pick<Extract<Action, { kind: 'rename-dir' }>, 'holders' | 'proof'>;

/**
 * Sets the folder `name` of `parent` aside under a fresh name and creates an empty one in its place; a
 * missing one is only created. Anything there that is not a folder is refused: it is not the tool's to move.
 */
export function setAsideAndRenew(parent: string, parentEntries: readonly Entry[], name: string, aside: AsideOptions = {}): Action[] {
  const current = entryNamed(parentEntries, name);
  if (!current) return [{ kind: 'make-dir', path: join(parent, name) }];
  if (current.kind !== 'dir') throw new BadInputError(`${join(parent, current.name)} is a ${current.kind}, not a folder; refusing to touch it`);
  const path = join(parent, current.name);
  return [
    { kind: 'rename-dir', from: path, to: join(parent, freeAsideName(parentEntries, current.name)), ...aside },
    { kind: 'make-dir', path },
  ];
}

/**
 * What a step that sets the folder `name` aside and makes an empty one says: its plan line and its words.
 * `note` follows the rename in the plan line.
 */
export function folderAsideSays(name: string, note = ''): Pick<Step<unknown, unknown>, 'summary' | 'words'> {
  return {
    summary(_facts, actions) {
      const rename = actions.find((a) => a.kind === 'rename-dir');
      if (rename) return `rename ${rename.from} to ${rename.to}${note} and create an empty ${name}`;
      return actions.length ? `${name} is missing: create an empty one` : `${name} was already renewed by the earlier repair: nothing to do`;
    },
    words: {
      doing: `setting ${name} aside`,
      undoing: `putting ${name} back`,
      done(actions) {
        const rename = actions.find((a) => a.kind === 'rename-dir');
        const made = actions.some((a) => a.kind === 'make-dir');
        if (!rename) return `created an empty ${name} (there was none)`;
        return `set ${name} aside as ${basename(rename.to)}${made ? ` and created an empty ${name} for Windows to rebuild` : ''}`;
      },
      undone(actions) {
        const rename = actions.find((a) => a.kind === 'rename-dir');
        const made = actions.some((a) => a.kind === 'make-dir');
        // The engine removes a folder it made only while empty; one Windows wrote into is set aside, with a note.
        const gone = 'removed, or set aside if Windows had written into it (see the note)';
        if (!rename) return `took away the ${name} the repair had created: ${gone}`;
        return `renamed ${basename(rename.to)} back to ${name}${made ? `; the new ${name} was ${gone}` : ''}`;
      },
    },
  };
}

/** catroot2's: CatRoot itself is never renamed (Windows does not recreate it). */
export const catroot2AsideSays = folderAsideSays('catroot2', ' (never CatRoot itself)');
