import { execa } from 'execa';
import { existsSync, promises as nodeFs } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedServerFiles, writeTree } from '../../src/demo/affected-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { snapshot } from '../helpers/tree.js';
import { hasWine, winePrefix, type WinePrefix } from '../helpers/wine.js';

// The online mode against a real Windows API: Wine's service manager, sc.exe and the Windows node.exe.
const REPO = join(import.meta.dirname, '..', '..');
const EXE = join(REPO, 'build', 'catroot-repair.exe');
const NODE_EXE = join(REPO, 'build', 'node.exe');
// A run under Wine takes 10 to 20 s on an idle 2-core machine; the budget allows a machine several times slower.
const WINE_BUDGET = 5 * 60_000;
if (!hasWine) console.warn('SKIPPED: the Wine end-to-end suite needs wine (apt-get install wine wine64); .ci/run installs it');

describe.runIf(hasWine)('online repair under Wine', () => {
  let box: WinePrefix;
  let prefix = '';
  const wine = (args: string[]) => box.wine(args);
  const run = (program: string[]) => wine(program);
  /** A fresh prefix's service manager answers after a moment: poll instead of assuming. */
  async function startCryptsvc(): Promise<string | undefined> {
    const until = Date.now() + 30_000;
    let state: string | undefined;
    while (Date.now() < until) {
      if ((state = await cryptsvcState()) === 'RUNNING') return state;
      await wine(['sc', 'start', 'CryptSvc']);
      await new Promise((r) => setTimeout(r, 500));
    }
    return state;
  }
  const cryptsvcState = async () => /STATE\s*:\s*\d+\s+(\w+)/.exec((await wine(['sc', 'query', 'CryptSvc'])).stdout)?.[1];
  const store = async () => {
    const system32 = join(prefix, 'drive_c', 'windows', 'system32');
    const all: Record<string, string> = {};
    for (const name of ['CatRoot', 'catroot2', 'catroot2.old']) {
      if (existsSync(join(system32, name)))
        Object.assign(all, Object.fromEntries(Object.entries(await snapshot(realFs(), join(system32, name))).map(([k, v]) => [`${name}/${k}`, v])));
    }
    return all;
  };

  beforeAll(async () => {
    if (!existsSync(EXE) || !existsSync(NODE_EXE)) await execa(process.execPath, [join(REPO, 'scripts', 'build-exe.mjs')], { stdio: 'inherit' });
    // One prefix for the whole suite (outside the repository), removed in afterAll.
    box = await winePrefix('wine');
    ({ prefix } = box);
    await wine(['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);
    await wine(['sc', 'create', 'CryptSvc', 'binPath=', 'C:\\windows\\system32\\wuauserv.exe', 'start=', 'demand']);
    const files = affectedServerFiles({ catalogs: 150, windowsName: 'windows' });
    await writeTree(nodeFs, join(prefix, 'drive_c'), Object.fromEntries(Object.entries(files).filter(([rel]) => !rel.endsWith('.exe'))));
  }, 300_000);

  afterAll(async () => {
    await box?.close();
  });

  it.each([
    ['catroot-repair.exe (single file)', () => [EXE]],
    ['node.exe dist/src/cli/main.js', () => [NODE_EXE, join(REPO, 'dist', 'src', 'cli', 'main.js')]],
  ])(
    '%s: stops and restarts CryptSvc, repairs, verifies, and rolls back',
    async (_name, program) => {
      await startCryptsvc();
      const original = await store();
      // Wine's stub service can stop by itself; the plan says what the repair found, and the repair and
      // the rollback are judged against that state, not against an assumed RUNNING.
      const repaired = await run([...program(), '--yes', '--json']);
      expect(repaired.code, repaired.stderr).toBe(0);
      const doc = JSON.parse(repaired.stdout);
      expect(doc.result.kind).toBe('repaired');
      expect(doc.verify.problems).toEqual([]);
      const stops = doc.plan.steps.find((s: { id: string }) => s.id === 'stop-cryptsvc').actions;
      const wasRunning = stops.length > 0;
      expect(stops).toEqual(wasRunning ? [{ kind: 'stop-service', name: 'CryptSvc' }] : []);
      if (wasRunning) expect(await cryptsvcState()).toBe('RUNNING');
      const after = await store();
      const catalogs = Object.keys(after).filter((k) => k.startsWith('CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/'));
      expect(catalogs.some((k) => /KB820000\.cat$/i.test(k))).toBe(false);
      expect(after['CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB912354.CAT']).toBe(
        original['CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB912354.CAT'],
      );
      expect(after['catroot2.old/edb.log']).toBe(original['catroot2/edb.log']);

      const again = await run([...program(), '--yes']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/already done/);

      const back = await run([...program(), '--rollback', '--yes']);
      expect(back.code, back.stderr).toBe(0);
      expect(await store()).toEqual(original);
      if (wasRunning) expect(await cryptsvcState()).toBe('RUNNING');
      else console.log('CryptSvc had stopped by itself before the repair: the stop and start were not planned, so its state is not judged');
    },
    WINE_BUDGET,
  );
});
