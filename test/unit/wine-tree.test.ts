import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';
import { mergeIntoDrive } from '../helpers/wine-tree.js';

/** Wine's drive_c as a fresh prefix has it: lower-case windows, system32 and an empty catroot. */
async function wineDrive() {
  const drive = await tempDir();
  await mkdir(join(drive, 'windows', 'system32', 'catroot'), { recursive: true });
  await writeFile(join(drive, 'windows', 'system32', 'kernel32.dll'), "Wine's own");
  return drive;
}

describe('a Windows tree merged into a Wine drive', () => {
  it('goes into the folders already there under any case, and keeps the files Wine has', async () => {
    const drive = await wineDrive();
    const kept = await mergeIntoDrive(drive, {
      'Windows/System32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/a.cat': 'cat',
      'Windows/System32/KERNEL32.dll': 'demo',
      'Windows/SoftwareDistribution/ReportingEvents.log': 'log',
    });
    expect(kept).toEqual(['Windows/System32/KERNEL32.dll']);
    expect(await readFile(join(drive, 'windows', 'system32', 'kernel32.dll'), 'utf8')).toBe("Wine's own");
    expect(Object.keys(await snapshot(realFs(), drive)).sort()).toEqual([
      'windows',
      'windows/SoftwareDistribution',
      'windows/SoftwareDistribution/ReportingEvents.log',
      'windows/system32',
      'windows/system32/catroot',
      'windows/system32/catroot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}',
      'windows/system32/catroot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/a.cat',
      'windows/system32/kernel32.dll',
    ]);
  });

  it('refuses a file where the tree needs a folder', async () => {
    const drive = await wineDrive();
    await expect(mergeIntoDrive(drive, { 'Windows/System32/kernel32.dll/x': 'y' })).rejects.toThrow(/kernel32\.dll is in the way/);
  });
});
