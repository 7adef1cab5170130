import { join, relative } from 'node:path';
import type { Fs } from '../platform/fs.js';
import type { Action } from './actions/action.js';
import { under } from './paths-guard.js';

/** `relative` for a path the plan built under `base`, without its normalising pass (100,000 times per run). */
export function relativeTo(base: string, path: string): string {
  return under(base, path) ? path.slice(base.length + 1) : relative(base, path);
}

async function filesUnder(fs: Fs, dir: string): Promise<string[]> {
  if ((await fs.lstat(dir))?.kind !== 'dir') return [];
  const out: string[] = [];
  for (const entry of await fs.readdir(dir)) {
    const path = join(dir, entry.name);
    if (entry.kind === 'dir') out.push(...(await filesUnder(fs, path)));
    else if (entry.kind === 'file') out.push(path);
  }
  return out;
}

/**
 * What the run moved, each of which must have a manifest record: every moved file by its old path, and
 * every file now in a renamed folder by its place. A file with no record was never proven: verify fails.
 */
export class Accounting {
  private readonly moved = new Set<string>();
  private readonly folders: Array<{ to: string; rel: string }> = [];
  private readonly places = new Set<string>();

  constructor(
    private readonly base: string,
    actions: readonly Action[],
  ) {
    // forEach skips the holes of a list rebuilt from the journal: actions never started.
    actions.forEach((a) => {
      if (a.kind === 'move-file') this.moved.add(relativeTo(base, a.from));
      else if (a.kind === 'rename-dir') this.folders.push({ to: a.to, rel: relativeTo(base, a.to) });
    });
  }

  record(entry: { path: string; places: readonly string[] }): void {
    this.moved.delete(entry.path);
    for (const place of entry.places) if (this.folders.some((f) => place.startsWith(f.rel))) this.places.add(place);
  }

  /** The paths (relative to the Windows folder) the run moved that no manifest record accounts for. */
  async unaccounted(fs: Fs): Promise<string[]> {
    const out = [...this.moved];
    for (const folder of this.folders) {
      for (const file of await filesUnder(fs, folder.to)) if (!this.places.has(relativeTo(this.base, file))) out.push(relativeTo(this.base, file));
    }
    return out;
  }
}
