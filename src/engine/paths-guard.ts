import { dirname, isAbsolute, normalize, relative, sep } from 'node:path';
import { JournalError } from '../errors.js';
import type { Fs } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

function inside(root: string, path: string): boolean {
  if (!isAbsolute(path) || normalize(path) !== path || path.split(/[\\/]/).includes('..')) return false;
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/** The hot-path form of `inside` for paths already validated by assertInsideRoots: a prefix test. */
export function under(root: string, path: string): boolean {
  return path.length > root.length + 1 && path.startsWith(root) && (path[root.length] === sep || path[root.length] === '/');
}

/** A journal or plan read back from disk may have been edited: every path must stay inside the allowed roots. */
export function assertInsideRoots(actions: readonly Action[], roots: readonly string[]): void {
  for (const action of actions) {
    for (const path of pathsOf(action)) assertPathInsideRoots(path, roots);
  }
}

export function assertPathInsideRoots(path: string, roots: readonly string[]): void {
  if (!roots.some((root) => inside(root, path))) {
    throw new JournalError(`the plan names ${path}, outside ${roots.join(' and ')}; refusing to touch anything`, 'The run folder was edited or comes from another system; nothing was changed.');
  }
}

/** Checks that no folder between a root and the path is a link or junction, remembering folders already checked. */
export class LinkGuard {
  private readonly checked = new Set<string>();
  constructor(
    private readonly fs: Fs,
    private readonly roots: readonly string[],
  ) {}

  /** Every path the action touches: no link or junction between a root and it. */
  async assertActionPaths(action: Action): Promise<void> {
    for (const path of pathsOf(action)) await this.assertPlainParents(path);
  }

  async assertPlainParents(path: string): Promise<void> {
    const root = this.roots.find((r) => under(r, path)) ?? this.roots.find((r) => inside(r, path));
    if (!root) throw new JournalError(`${path} is outside ${this.roots.join(' and ')}`);
    const pending: string[] = [];
    for (let dir = dirname(path); dir.length >= root.length && !this.checked.has(dir); dir = dirname(dir)) {
      pending.push(dir);
      if (dir === root || dirname(dir) === dir) break;
    }
    for (const dir of pending) {
      const info = await this.fs.lstat(dir);
      if (info && info.kind !== 'dir') throw new JournalError(`${dir} is a ${info.kind}, not a plain folder; refusing to follow it`);
      if (info) this.checked.add(dir);
    }
  }
}

