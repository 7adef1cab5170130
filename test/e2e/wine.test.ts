import { execa } from 'execa';
import { existsSync, promises as nodeFs } from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedServerFiles, writeTree } from '../../src/demo/affected-server.js';
import { windows10Files } from '../../src/demo/windows10-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { snapshot, under } from '../helpers/tree.js';
import { hasWine, winePrefix, type WinePrefix } from '../helpers/wine.js';
import { wineServices, type WineStartType } from '../helpers/wine-services.js';
import { mergeIntoDrive } from '../helpers/wine-tree.js';

// The online mode against a real Windows API: Wine's service manager, sc.exe and the Windows node.exe.
const REPO = join(import.meta.dirname, '..', '..');
const EXE = join(REPO, 'build', 'catroot-repair.exe');
const NODE_EXE = join(REPO, 'build', 'node.exe');
// A run under Wine takes 10 to 20 s on an idle 2-core machine; the budget allows a machine several times slower.
const WINE_BUDGET = 5 * 60_000;
if (!hasWine) console.warn('SKIPPED: the Wine end-to-end suite needs wine (apt-get install wine wine64); .ci/run installs it');
const PROGRAMS: Array<[string, () => string[]]> = [
  ['catroot-repair.exe (single file)', () => [EXE]],
  ['node.exe dist/bin/catroot-repair.mjs', () => [NODE_EXE, join(REPO, 'dist', 'bin', 'catroot-repair.mjs')]],
];
const windowsBinaries = async () => {
  if (!existsSync(EXE) || !existsSync(NODE_EXE)) await execa(process.execPath, [join(REPO, 'scripts', 'build-exe.mjs')], { stdio: 'inherit' });
};

describe.runIf(hasWine)('online repair under Wine', () => {
  let box: WinePrefix;
  let prefix = '';
  const wine = (args: string[]) => box.wine(args);
  const run = (program: string[]) => wine(program);
  const startCryptsvc = () => wineServices(box).bring('CryptSvc', 'RUNNING');
  const cryptsvcState = () => wineServices(box).state('CryptSvc');
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
    await windowsBinaries();
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

  it.each(PROGRAMS)(
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

describe.runIf(hasWine)('wu-reset online under Wine', () => {
  let box: WinePrefix;
  let windows = '';
  const run = (program: string[]) => box.wine(program);
  /** Stub services; BITS is stopped beforehand and must stay stopped, and no start type may change. */
  const SERVICES: ReadonlyArray<[string, WineStartType, 'RUNNING' | 'STOPPED']> = [
    ['UsoSvc', 'auto', 'RUNNING'],
    // Wine's sc.exe prints nothing and exits 1 for a service that does not exist (Windows: FAILED 1060), so DoSvc is made too.
    ['DoSvc', 'auto', 'RUNNING'],
    ['BITS', 'demand', 'STOPPED'],
    ['wuauserv', 'demand', 'RUNNING'],
    ['CryptSvc', 'auto', 'RUNNING'],
  ];
  const FORMER = Object.fromEntries(SERVICES.map(([name, start, state]) => [name, [state, start]]));
  const services = async () => {
    const sc = wineServices(box);
    return Object.fromEntries(await Promise.all(SERVICES.map(async ([name]) => [name, [await sc.state(name), await sc.startType(name)]])));
  };
  /** The folders wu-reset may touch: system32's catroot*, SoftwareDistribution and ProgramData, by path under C:\windows or C:\. */
  const affected = async () => {
    const system32 = join(windows, 'system32');
    const roots = [
      ...(await nodeFs.readdir(system32)).filter((n) => /^catroot/i.test(n)).map((n) => join(system32, n)),
      join(windows, 'SoftwareDistribution'),
      join(windows, '..', 'ProgramData'),
    ];
    const all: Record<string, string> = {};
    for (const root of roots) {
      const name = relative(join(windows, '..'), root).replace(/^windows\//, '');
      all[name] = 'dir';
      for (const [rel, sha] of Object.entries(await snapshot(realFs(), root))) all[`${name}/${rel}`] = sha;
    }
    return all;
  };

  beforeAll(async () => {
    await windowsBinaries();
    box = await winePrefix('wine-wu');
    windows = join(box.prefix, 'drive_c', 'windows');
    await box.wine(['reg', 'add', 'HKCU\\Software\\Wine', '/v', 'Version', '/d', 'win10', '/f']);
    for (const [name, start] of SERVICES) await wineServices(box).createStub(name, start);
    const kept = await mergeIntoDrive(join(box.prefix, 'drive_c'), windows10Files({ catalogs: 40, failure: 'datastore' }));
    expect(kept).toEqual([join('Windows', 'System32', 'kernel32.dll')]);
  }, 300_000);

  afterAll(async () => {
    await box?.close();
  });

  it.each(PROGRAMS)(
    '%s: sets the queue, DataStore, Download and catroot2 aside; a second run changes nothing; rollback byte for byte; every service as it was',
    async (_name, program) => {
      for (const [name, , state] of SERVICES) expect(await wineServices(box).bring(name, state)).toBe(state);
      expect(await services()).toEqual(FORMER);
      const before = await affected();

      const repaired = await run([...program(), '--yes', '--json']);
      expect(repaired.code, repaired.stderr).toBe(0);
      const doc = JSON.parse(repaired.stdout);
      expect([doc.evidence.chosen, doc.plan.playbook, doc.result.kind, doc.verify.problems]).toEqual(['wu-reset', 'wu-reset', 'repaired', []]);
      const names = (id: string) => doc.plan.steps.find((s: { id: string }) => s.id === id).actions.map((a: { name: string }) => a.name);
      expect([names('stop-services'), names('start-services')]).toEqual([
        ['UsoSvc', 'DoSvc', 'wuauserv', 'CryptSvc'],
        ['CryptSvc', 'wuauserv', 'DoSvc', 'UsoSvc'],
      ]);
      expect(await services()).toEqual(FORMER);
      const after = await affected();
      for (const [from, to] of [
        ['SoftwareDistribution/DataStore', 'SoftwareDistribution/DataStore.old'],
        ['SoftwareDistribution/Download', 'SoftwareDistribution/Download.old'],
        ['system32/catroot2', 'system32/catroot2.old'],
        ['ProgramData/Microsoft/Network/Downloader', 'ProgramData/Microsoft/Network/Downloader/qmgr-backup'],
      ] as const) {
        expect([Object.keys(under(before, from)).length > 0, after[from]]).toEqual([true, 'dir']);
        expect(under(after, to)).toEqual(under(before, from));
        expect(Object.keys(under(after, from)).filter((rel) => !`${from}/${rel}`.startsWith(to))).toEqual([]);
      }
      for (const path of Object.keys(before).filter((p) => p.startsWith('system32/catroot/') || p.endsWith('ReportingEvents.log')))
        expect(after[path]).toBe(before[path]);

      const again = await run([...program(), '--yes']);
      expect(again.code, again.stderr).toBe(0);
      expect(again.stdout).toMatch(/already done: nothing to change/);
      expect(await affected()).toEqual(after);
      expect(await services()).toEqual(FORMER);

      const back = await run([...program(), '--rollback', '--yes']);
      expect(back.code, back.stderr).toBe(0);
      expect(await affected()).toEqual(before);
      expect(await services()).toEqual(FORMER);
    },
    WINE_BUDGET,
  );
});
