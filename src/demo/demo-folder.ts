import { lstat, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BadInputError } from '../errors.js';
import { errorCode } from '../platform/fs.js';

/** The file that proves a folder was made by the demo, and so holds only simulated files. */
export const DEMO_MARKER = '.catroot-repair-demo';
const MARKER_TEXT = 'This folder holds a simulated server made by `catroot-repair demo`.\n';

async function entriesOf(dir: string): Promise<string[] | undefined> {
  try {
    return await readdir(dir);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/** The demo's own marker: a regular file (not a link, not a folder) holding exactly the demo's text. */
async function isDemoMarker(path: string): Promise<boolean> {
  const info = await lstat(path);
  return info.isFile() && (await readFile(path, 'utf8')) === MARKER_TEXT;
}

/**
 * The demo writes simulated logs and catalogs only into a folder that does not exist yet, is empty, or
 * holds nothing but the marker of a demo that stopped before writing. An earlier demo's folder is refused
 * too: the demo never writes over a file, its own or not (a marker can be copied next to a real tree).
 */
export async function claimDemoFolder(dir: string): Promise<void> {
  const info = await lstat(dir).catch((error: unknown) => (errorCode(error) === 'ENOENT' ? undefined : Promise.reject(error)));
  if (info && !info.isDirectory())
    throw new BadInputError(
      `demo --dir ${dir} is a ${info.isSymbolicLink() ? 'link' : 'file'}, not a folder; nothing was written`,
      'Give a new or empty folder.',
    );
  const entries = (await entriesOf(dir)) ?? [];
  const marked = entries.includes(DEMO_MARKER) && (await isDemoMarker(join(dir, DEMO_MARKER)));
  const others = entries.filter((name) => !(marked && name === DEMO_MARKER));
  if (others.length > 0) {
    const earlier = marked;
    throw new BadInputError(
      `demo --dir ${dir} ${earlier ? 'holds an earlier demo' : 'is not empty and was not made by the demo'}; nothing was written`,
      earlier
        ? 'The demo never writes over a file: give a new folder (the earlier demo stays there to inspect).'
        : 'The demo writes simulated logs and catalogs: give a new or empty folder, never a real Windows tree.',
    );
  }
  await mkdir(dir, { recursive: true });
  if (!marked) await writeFile(join(dir, DEMO_MARKER), MARKER_TEXT, { flag: 'wx' });
}
