import { join } from 'node:path';
import type { Entry } from '../../src/platform/fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { entryNamed, type RepairContext } from '../../src/repair/context.js';
import { chooseAsideFolder, type FolderListings } from '../../steps/common/move-aside.js';

/** KB822798 names both catalog folders: the system catalogs' and the drivers'. */
export const CATALOG_FOLDERS = [CATALOG_FOLDER, '{127D0A1D-4EF2-11D1-8608-00C04FC295EE}'] as const;

/** Only the leftovers of interrupted catalog installs: KB*.cat and every other catalog stay. */
export const isTmpCatalog = (name: string): boolean => /^tmp.*\.cat$/is.test(name);

/** One catalog folder's tmp*.cat and the CatRoot folder they go to: `tmp-backup-F750E6C3`, or the first usable `-N`. */
export interface TmpFolder {
  dir: string;
  tmp: string[];
  aside: { path: string; create: boolean };
}

export interface ResetFacts {
  folders: TmpFolder[];
  system32: string;
  system32Entries: Entry[];
  /** catroot2 is set aside when tmp catalogs move now, or when no finished repair exists yet. */
  renew: boolean;
}

async function tmpFolder(ctx: RepairContext, catrootEntries: readonly Entry[], name: string): Promise<TmpFolder | undefined> {
  const { fs, layout } = ctx;
  const folder = entryNamed(catrootEntries, name);
  if (folder?.kind !== 'dir') return undefined;
  const dir = join(layout.catroot, folder.name);
  // Regular files only: a link named like a catalog is never moved.
  const tmp = (await fs.readdir(dir))
    .filter((e) => e.kind === 'file' && isTmpCatalog(e.name))
    .map((e) => e.name)
    .sort();
  const base = `tmp-backup-${name.slice(1, 9)}`;
  const listings: FolderListings = {};
  for (const e of catrootEntries.filter((e) => e.name.toUpperCase().startsWith(base.toUpperCase()))) {
    listings[e.name] = e.kind === 'dir' ? await fs.readdir(join(layout.catroot, e.name)) : 'not-a-folder';
  }
  const chosen = chooseAsideFolder(catrootEntries, listings, tmp, base);
  return { dir, tmp, aside: { path: join(layout.catroot, chosen.name), create: chosen.create } };
}

async function readFacts(ctx: RepairContext): Promise<ResetFacts> {
  const survey = await ctx.survey();
  const folders: TmpFolder[] = [];
  for (const name of CATALOG_FOLDERS) {
    const folder = await tmpFolder(ctx, survey.catrootEntries, name);
    if (folder) folders.push(folder);
  }
  const moving = folders.some((f) => f.tmp.length > 0);
  return { folders, system32: ctx.layout.system32, system32Entries: survey.system32Entries, renew: moving || !survey.priorRepair };
}

/** Three steps ask for these facts: each context reads them once. */
const read = new WeakMap<RepairContext, Promise<ResetFacts>>();
export function resetFacts(ctx: RepairContext): Promise<ResetFacts> {
  let facts = read.get(ctx);
  if (!facts) read.set(ctx, (facts = readFacts(ctx)));
  return facts;
}
