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

async function madeByDemo(dir: string): Promise<boolean> {
  const marker = join(dir, DEMO_MARKER);
  if (!(await lstat(marker)).isFile()) return false;
  return (await readFile(marker, 'utf8')) === MARKER_TEXT;
}

/**
 * The demo writes simulated logs and catalogs: only into a folder that does not exist yet, is empty, or
 * that an earlier demo made. Anything else may be a real Windows tree, and is refused before any write.
 */
export async function claimDemoFolder(dir: string): Promise<void> {
  const info = await lstat(dir).catch((error: unknown) => (errorCode(error) === 'ENOENT' ? undefined : Promise.reject(error)));
  if (info && !info.isDirectory())
    throw new BadInputError(
      `demo --dir ${dir} is a ${info.isSymbolicLink() ? 'link' : 'file'}, not a folder; nothing was written`,
      'Give a new or empty folder.',
    );
  const entries = await entriesOf(dir);
  if (entries?.length && !(entries.includes(DEMO_MARKER) && (await madeByDemo(dir)))) {
    throw new BadInputError(
      `demo --dir ${dir} is not empty and was not made by the demo; nothing was written`,
      'The demo writes simulated logs and catalogs: give a new or empty folder, never a real Windows tree.',
    );
  }
  await mkdir(dir, { recursive: true });
  if (!entries?.includes(DEMO_MARKER)) await writeFile(join(dir, DEMO_MARKER), MARKER_TEXT, { flag: 'wx' });
}
