import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { sameName } from '../../src/platform/windows-paths.js';

/**
 * Writes `files` (relative path -> content) into a Wine drive (drive_c), which already holds Wine's own
 * windows\system32: each folder of a path is the one already there under any case (System32 is Wine's
 * system32, CatRoot its catroot), never a second folder beside it that Windows programs could not tell apart.
 * A file already there is Wine's own and is kept as it is: its relative path is returned.
 */
export async function mergeIntoDrive(drive: string, files: Record<string, Buffer | string>): Promise<string[]> {
  const kept: string[] = [];
  for (const [rel, content] of Object.entries(files)) {
    const names = rel.split(sep);
    let at = drive;
    for (const [i, name] of names.entries()) {
      const found = (await readdir(at, { withFileTypes: true }).catch(() => [])).find((e) => sameName(e.name, name));
      const path = join(at, found?.name ?? name);
      if (i < names.length - 1) {
        if (found && !found.isDirectory()) throw new Error(`${path} is in the way of ${rel}: not a folder`);
        if (!found) await mkdir(path);
        at = path;
      } else if (found) kept.push(rel);
      else await writeFile(path, content, { flag: 'wx' });
    }
  }
  return kept;
}
