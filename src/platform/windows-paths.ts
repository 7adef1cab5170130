import { dirname, join, sep } from 'node:path';
import type { Entry, Fs } from './fs.js';
import { BadInputError } from '../errors.js';

export const CATALOG_FOLDER = '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

/** Windows compares names case-insensitively and keeps the case it was given. */
export function sameName(a: string, b: string): boolean {
  return a.toUpperCase() === b.toUpperCase();
}

/**
 * join() for names straight from readdir, under a folder that is already normalized. join's normalizing
 * pass leaves each result a rope of string slices, about 900 bytes a path (190 MB for 100,000 moves);
 * `+` leaves a two-piece rope; Array.join makes the one flat string a syscall needs anyway.
 */
export function childPaths(dir: string, names: readonly string[]): string[] {
  const prefix = dir.endsWith(sep) ? dir : dir + sep;
  return names.map((name) => [prefix, name].join(''));
}

export async function findChild(fs: Fs, dir: string, name: string): Promise<Entry | undefined> {
  const entries = await fs.readdir(dir);
  return entries.find((e) => sameName(e.name, name));
}

async function findDir(fs: Fs, dir: string, name: string): Promise<string | undefined> {
  const entry = await findChild(fs, dir, name);
  if (!entry) return undefined;
  // A link or junction here could point anywhere: refuse rather than follow it.
  if (entry.kind !== 'dir') throw new BadInputError(`${join(dir, entry.name)} is not a plain folder (${entry.kind}); refusing to follow it`);
  return join(dir, entry.name);
}

/** Finds WINDOWS / Windows / WINNT (any case) holding a system32 folder inside a mounted system volume. */
export async function findWindir(fs: Fs, root: string): Promise<string> {
  const info = await fs.lstat(root);
  if (info?.kind !== 'dir') throw new BadInputError(`${root} is not a folder`);
  for (const name of ['WINDOWS', 'WINNT']) {
    const windir = await findDir(fs, root, name);
    if (windir && (await findDir(fs, windir, 'system32'))) return windir;
  }
  if ((await findChild(fs, root, 'system32'))?.kind === 'dir') {
    throw new BadInputError(`${root} looks like the Windows folder itself; give the folder that holds it: --root ${dirname(root)}`);
  }
  throw new BadInputError(`${root} is not a Windows system volume: no WINDOWS or WINNT folder with system32 in it`);
}

export interface Layout {
  windir: string;
  system32: string;
  catroot: string;
  catalogDir: string;
  /** The names as they are on disk, or the documented names where absent. */
  catroot2: string;
  /** Windows Update's folder (DataStore, Download, ReportingEvents.log). */
  softwareDistribution: string;
  /** ProgramData beside the Windows folder, where it is on every default install, online or offline. */
  programData: string;
  logs: { svcpack: string; setupapi: string; windowsUpdate: string };
}

async function childPath(fs: Fs, dir: string, name: string): Promise<string> {
  return join(dir, (await findChild(fs, dir, name))?.name ?? name);
}

export async function resolveLayout(fs: Fs, windir: string): Promise<Layout> {
  const info = await fs.lstat(windir);
  if (info?.kind !== 'dir') throw new BadInputError(`${windir} is ${info ? `a ${info.kind}, not a folder` : 'missing'}: not a Windows folder`);
  const system32 = await findDir(fs, windir, 'system32');
  if (!system32) throw new BadInputError(`${windir} has no system32 folder: not a Windows folder`);
  const catroot = await findDir(fs, system32, 'CatRoot');
  const catalogDir = catroot && (await findDir(fs, catroot, CATALOG_FOLDER));
  if (!catroot || !catalogDir)
    throw new BadInputError(`no catalog folder ${join(system32, 'CatRoot', CATALOG_FOLDER)}: not a Windows 2000/XP/2003 catalog store`);
  return {
    windir,
    system32,
    catroot,
    catalogDir,
    catroot2: await childPath(fs, system32, 'catroot2'),
    softwareDistribution: await childPath(fs, windir, 'SoftwareDistribution'),
    programData: await childPath(fs, dirname(windir), 'ProgramData'),
    logs: {
      svcpack: await childPath(fs, windir, 'svcpack.log'),
      setupapi: await childPath(fs, windir, 'setupapi.log'),
      windowsUpdate: await childPath(fs, windir, 'WindowsUpdate.log'),
    },
  };
}
