import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fse from 'fs-extra';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../src/demo/affected-server.js';
import { windows10Files } from '../../src/demo/windows10-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { cli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';

const CBS_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'evidence', 'CBS.utf16.log');

describe('component-store on a Windows 10 tree, offline, end to end', () => {
  it('diagnose chooses it; the repair prints the DISM /Image command for WinPE, runs nothing and changes nothing', async () => {
    const dir = await tempDir();
    const root = join(dir, 'volume');
    await writeTree(fse, root, windows10Files({ catalogs: 20, failure: 'datastore' }));
    // Only the component store's evidence: ReportingEvents.log emptied, CBS.log a captured one (UTF-16LE).
    await writeFile(join(root, 'Windows/SoftwareDistribution/ReportingEvents.log'), '');
    await fse.mkdirp(join(root, 'Windows/Logs/CBS'));
    await writeFile(join(root, 'Windows/Logs/CBS/CBS.log'), await readFile(CBS_FIXTURE));
    const base = ['--root', root, '--state-dir', join(dir, 'state')];
    const before = await snapshot(realFs(), dir);

    const diagnosed = await cli(['diagnose', ...base]);
    expect(diagnosed.code, diagnosed.stderr).toBe(0);
    expect(diagnosed.stdout).toMatch(/component-store: MATCHED\n +\S+CBS\.log:\d+ \[[^\]]+\] 0x800F0831/);
    expect(diagnosed.stdout).toMatch(/chosen: component-store/);

    for (const args of [
      [...base, '--yes'],
      [...base, '--yes', '--source', 'wim:E:\\sources\\install.wim:2'],
    ]) {
      const r = await cli(args);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(
        /from WinPE run: DISM \/Image:<volume>:\\ \/Cleanup-Image \/RestoreHealth \/Source:.+? \/LimitAccess, then sfc \/scannow \/offbootdir=/,
      );
      expect(r.stdout).toMatch(/Offline: nothing was run and nothing was changed/);
      if (args.includes('--source')) expect(r.stdout).toMatch(/\/Source:wim:E:\\sources\\install\.wim:2 \/LimitAccess/);
    }
    expect(await snapshot(realFs(), dir)).toEqual(before);
  });
});
