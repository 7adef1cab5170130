import { dirname } from 'node:path';
import { errorCode, type Fs } from '../platform/fs.js';

/** A folder the tool cannot write, and the errno that says why (EROFS, EACCES, EPERM...). */
export interface Unwritable {
  /** The folder asked about, or where it does not exist yet, the nearest folder above it that does. */
  folder: string;
  /** The folder asked about, when `folder` stands in for it. */
  toMake?: string;
  code: string;
}

/** The folder itself, or the nearest existing one above it: where making it would write first. */
async function nearestExisting(fs: Fs, path: string): Promise<string> {
  let there = path;
  while (!(await fs.lstat(there)) && dirname(there) !== there) there = dirname(there);
  return there;
}

/**
 * Those of these folders in which the tool cannot change names, each asked once (a folder that does not
 * exist yet is asked of its nearest existing parent). Asks only: nothing is created, not even a probe file.
 */
export async function unwritableFolders(fs: Fs, folders: Iterable<string>): Promise<Unwritable[]> {
  const asked = new Set<string>();
  const refused: Unwritable[] = [];
  for (const wanted of new Set(folders)) {
    const folder = await nearestExisting(fs, wanted);
    if (asked.has(folder)) continue;
    asked.add(folder);
    try {
      await fs.assertWritable(folder);
    } catch (error) {
      const code = errorCode(error);
      if (code === undefined) throw error;
      refused.push({ folder, ...(folder === wanted ? {} : { toMake: wanted }), code });
    }
  }
  return refused;
}
