import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { BadInputError } from '../errors.js';
import type { Fs } from '../platform/fs.js';
import type { Layout } from '../platform/windows-paths.js';
import { BACKUP_NAME } from './survey.js';

const OLD_NAME = /^catroot2\.old(-\d+)?$/i;

/** The names below `outer` that lead to `inner`, compared as Windows compares names; undefined when outside. */
function below(outer: string, inner: string): string[] | undefined {
  const rel = relative(outer.toUpperCase(), inner.toUpperCase());
  if (rel === '') return [];
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return inner.slice(inner.length - rel.length).split(sep);
}

/** The folder of the catalog store that the state folder is, lies in or holds, most specific first. */
function clash(stateDir: string, layout: Layout): { folder: string; how: string } | undefined {
  const { system32, catroot, catalogDir, catroot2 } = layout;
  for (const folder of [catalogDir, catroot2, catroot, system32]) {
    const inside = below(folder, stateDir);
    if (!inside) continue;
    const [first] = inside;
    // Folders the repair makes or renames (backup*, catroot2.old*) are named when the state folder is in one.
    if (folder === catroot && first && BACKUP_NAME.test(first)) return { folder: join(catroot, first), how: 'inside' };
    if (folder === system32 && first && OLD_NAME.test(first)) return { folder: join(system32, first), how: 'inside' };
    return { folder, how: inside.length ? 'inside' : 'the same folder as' };
  }
  // A state folder holding system32 (the Windows folder, the volume) holds everything the plan reads or changes.
  if (below(stateDir, system32)) return { folder: system32, how: 'a folder that holds' };
  return undefined;
}

/** The layout with every folder where it really leads (the volume may be reached through a link). */
async function realLayout(fs: Fs, layout: Layout): Promise<Layout> {
  const [windir, system32, catroot, catalogDir, catroot2] = await Promise.all(
    [layout.windir, layout.system32, layout.catroot, layout.catalogDir, layout.catroot2].map((p) => fs.realpath(p)),
  );
  return {
    ...layout,
    windir: windir as string,
    system32: system32 as string,
    catroot: catroot as string,
    catalogDir: catalogDir as string,
    catroot2: catroot2 as string,
  };
}

/** The state folder, or the nearest part of its path that exists, must be a folder (or a link to one), not a file. */
async function assertFolderPath(fs: Fs, stateDir: string): Promise<void> {
  for (let path = stateDir; ; path = dirname(path)) {
    const found = await fs.lstat(path);
    // A link counts as what it leads to: a link to a file is no folder either.
    const info = found?.kind === 'link' ? await fs.lstat(await fs.realpath(path)) : found;
    const what = `${found?.kind === 'link' ? 'a link to a ' : 'a '}${info?.kind ?? ''}`;
    if (info && info.kind !== 'dir')
      throw new BadInputError(
        path === stateDir
          ? `the state folder ${stateDir} is ${what}, not a folder; nothing was changed`
          : `the state folder ${stateDir} lies under ${path}, which is ${what}, not a folder; nothing was changed`,
        'Give a folder (new or existing) with --state-dir, or leave it out for the default.',
      );
    if (info || dirname(path) === path) return;
  }
}

/**
 * A state folder among the folders the plan reads or changes would be renamed away with the journal in
 * it, or put the tool's own files into the survey's fingerprint. Refused before anything is written, as
 * named and where it really leads: a state folder given through a link into catroot2 is inside catroot2.
 */
export async function assertStateDirApart(fs: Fs, stateDir: string, layout: Layout): Promise<void> {
  await assertFolderPath(fs, stateDir);
  // The run folders' folder is the tool's own: a link there would carry the runs wherever it leads.
  const runs = await fs.lstat(join(stateDir, 'runs'));
  if (runs && runs.kind !== 'dir')
    throw new BadInputError(
      `${join(stateDir, 'runs')} is a ${runs.kind}, not a plain folder; the tool never keeps its runs behind a link`,
      'Give a state folder of plain folders with --state-dir.',
    );
  const real = await fs.realpath(stateDir);
  const found = clash(stateDir, layout) ?? clash(real, await realLayout(fs, layout));
  if (!found) return;
  throw new BadInputError(
    `the state folder ${stateDir}${real === stateDir ? '' : ` (really ${real}, through a link)`} is ${found.how} ${found.folder}, which the repair reads or changes; refusing it before anything is written`,
    `Use ${join(layout.windir, 'catroot-repair')} (the default: leave out --state-dir) or a folder outside the Windows tree.`,
  );
}
