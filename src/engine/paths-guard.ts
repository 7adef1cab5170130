import { dirname, isAbsolute, normalize, relative, sep } from 'node:path';
import { JournalError } from '../errors.js';
import type { Fs } from '../platform/fs.js';
import { pathsOf, type Action } from './actions/action.js';

/**
 * Why one name below a root could not be a Windows name, or undefined. On POSIX a backslash is an
 * ordinary character, so `KB\..\..\x.cat` is one name there and a walk out of the folder on Windows.
 */
export function nameProblem(name: string): string | undefined {
  if (name === '' || name === '.' || name === '..') return `a "${name}" component`;
  if (name.includes('\\') || name.includes('/')) return 'a backslash in a name';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what Windows names cannot hold
  if (/[\x00-\x1f]/.test(name)) return 'a control character in a name';
  return undefined;
}

/** The path relative to root when it lies strictly inside it, else undefined. */
function below(root: string, path: string): string | undefined {
  if (!isAbsolute(path) || normalize(path) !== path || path.split(/[\\/]/).includes('..')) return undefined;
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : undefined;
}

function inside(root: string, path: string): boolean {
  return below(root, path) !== undefined;
}

const plainRoots = new Map<string, boolean>();

/**
 * The fast form of an accepted path, 100,000 times a plan: a normalized root, then names that each pass
 * nameProblem, which makes the whole path normalized. Anything else is judged by the full check.
 */
function plainBelow(root: string, path: string): boolean {
  let plain = plainRoots.get(root);
  if (plain === undefined) plainRoots.set(root, (plain = below(dirname(root), root) !== undefined || dirname(root) === root));
  if (!plain || !under(root, path) || path[root.length] !== sep) return false;
  const rel = path.slice(root.length + 1);
  return !rel.startsWith('..') && rel.split(sep).every((name) => nameProblem(name) === undefined);
}

/**
 * Why a plan may not name this path, or undefined: the one check when a plan is made (refused up front,
 * nothing changed) and when it is read back (refused as edited). Read back, only where the path lies is
 * checked, not its names: a run made before names were checked (a backslash, a control character, but
 * no ".." component) must still be resumed or undone. Every plan accepted when made is accepted read back.
 */
export function pathProblem(path: string, roots: readonly string[], when: 'plan' | 'read-back' = 'plan'): string | undefined {
  if (roots.some((root) => plainBelow(root, path))) return undefined;
  const rels = roots.map((root) => below(root, path)).filter((rel) => rel !== undefined);
  if (rels.length === 0) return `outside ${roots.join(' and ')}`;
  if (when === 'read-back') return undefined;
  const problems = rels.map((rel) => rel.split(sep).map(nameProblem).find(Boolean));
  return problems.includes(undefined) ? undefined : problems[0];
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

/** One path read back from disk (a plan, or an intent record carrying its group): the same check as at plan time. */
export function assertPathInsideRoots(path: string, roots: readonly string[]): void {
  const problem = pathProblem(path, roots, 'read-back');
  if (problem) {
    throw new JournalError(
      `the plan names ${path}: ${problem}; refusing to touch anything`,
      'The run folder was edited or comes from another system; nothing was changed.',
    );
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
