import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Entry } from '../../src/platform/fs.js';
import type { Survey } from '../../src/repair/context.js';
import { isHotfixCatalog } from '../../src/diagnosis/hotfix-catalogs.js';
import { catalogsToMove, chooseBackupFolder } from '../../playbooks/catalog-overflow/move-catalogs.js';
import { catroot2Actions, freeOldName } from '../../playbooks/catalog-overflow/rename-catroot2.js';
import { restoreKb912354 } from '../../playbooks/catalog-overflow/restore-kb912354.js';
import { stopCryptsvc } from '../../playbooks/catalog-overflow/stop-cryptsvc.js';
import { startCryptsvc } from '../../playbooks/catalog-overflow/start-cryptsvc.js';
import { repair } from '../../src/repair/repair.js';
import { StalePlanError } from '../../src/errors.js';
import { planRepair } from '../../src/repair/repair.js';
import { affectedVolume } from '../helpers/scenario.js';
import { repairContext } from '../../src/repair/repair-context.js';
import { openSystem } from '../../src/repair/system.js';
import { currentFingerprint, jsonPieces, makePlan, planJson, type Plan } from '../../src/engine/plan.js';
import { repairSteps } from '../../playbooks/catalog-overflow/index.js';

const files = (...names: string[]): Entry[] => names.map((name) => ({ name, kind: 'file' }));
const survey = (over: Partial<Survey>): Survey => ({ catalogEntries: [], catrootEntries: [], backups: {}, system32Entries: [], priorRepair: false, ...over });

describe('isHotfixCatalog (cmd.exe patterns on the long name)', () => {
  it.each([
    ['KB912354.CAT', true],
    ['kb123.cat', true],
    ['Kb1.Cat', true],
    ['KB.cat', true],
    ['KB1.catx', false],
    ['KB1.cat.bak', false],
    ['Q815021.CAT', true],
    ['q1.TXT', true],
    ['Q', true],
    ['Qfe', true],
    ['TMP1A2B.cat', true],
    ['tmp9F.CAT', true],
    ['tmp1234.tmp', false],
    ['TMP.cat', true],
    ['nt5.cat', false],
    ['oem14.CAT', false],
    ['xKB1.cat', false],
    ['mkb1.cat', false],
  ])('%s -> %s', (name, expected) => expect(isHotfixCatalog(name)).toBe(expected));
});

describe('catalogsToMove', () => {
  it('moves regular files only, never links or folders named like catalogs', () => {
    const s = survey({
      catalogEntries: [...files('KB1.cat', 'nt5.cat'), { name: 'KB2.cat', kind: 'link' }, { name: 'Q3', kind: 'dir' }, { name: 'Q4.cat', kind: 'other' }],
    });
    expect(catalogsToMove(s)).toEqual(['KB1.cat']);
  });

  it.each([
    ['no backup yet: KB912354.CAT moves (and is copied back)', {}, ['KB1.cat', 'KB912354.CAT']],
    ['a backup holding KB912354.CAT: it stays', { backup: files('kb912354.cat') }, ['KB1.cat']],
    ['a backup-2 holding it: it stays', { 'backup-2': files('KB912354.CAT') }, ['KB1.cat']],
  ] as const)('%s', (_name, backups, expected) => {
    expect(catalogsToMove(survey({ catalogEntries: files('KB1.cat', 'KB912354.CAT'), backups: backups as Survey['backups'] }))).toEqual(expected);
  });
});

describe('chooseBackupFolder', () => {
  it.each([
    ['no backup folder', [], {}, { name: 'backup', create: true }],
    ['an empty backup folder is reused', [{ name: 'Backup', kind: 'dir' }], { Backup: [] }, { name: 'Backup', create: false }],
    ['a same-named file (any case) means backup-2', [{ name: 'backup', kind: 'dir' }], { backup: files('kb1.CAT') }, { name: 'backup-2', create: true }],
    ['backup is a file: backup-2', [{ name: 'backup', kind: 'file' }], { backup: 'not-a-folder' }, { name: 'backup-2', create: true }],
    [
      'backup and backup-2 taken: backup-3',
      [
        { name: 'backup', kind: 'dir' },
        { name: 'backup-2', kind: 'dir' },
      ],
      { backup: files('KB1.cat'), 'backup-2': files('KB1.cat') },
      { name: 'backup-3', create: true },
    ],
  ] as const)('%s', (_name, catrootEntries, backups, expected) => {
    expect(chooseBackupFolder(survey({ catrootEntries: catrootEntries as unknown as Entry[], backups: backups as Survey['backups'] }), ['KB1.cat'])).toEqual(
      expected,
    );
  });
});

describe('rename-catroot2', () => {
  it.each([
    [['catroot2'], 'catroot2.old'],
    [['catroot2', 'catroot2.old'], 'catroot2.old-2'],
    [['CatRoot2', 'CATROOT2.OLD', 'catroot2.old-2'], 'CatRoot2.old-3'],
  ])('with %j picks %s', (names, expected) => {
    const current = names[0] as string;
    expect(freeOldName(survey({ system32Entries: names.map((name) => ({ name, kind: 'dir' as const })) }), current)).toBe(expected);
  });

  it('leaves catroot2 alone after a finished repair with nothing new to move', () => {
    expect(catroot2Actions(survey({ priorRepair: true, system32Entries: [{ name: 'catroot2', kind: 'dir' }] }), '/s')).toEqual([]);
  });

  it('refuses a catroot2 that is a link', () => {
    expect(() => catroot2Actions(survey({ system32Entries: [{ name: 'catroot2', kind: 'link' }] }), '/s')).toThrow(/not a folder/);
  });
});

describe('service steps and KB912354', () => {
  const moved = [{ id: 'move-catalogs', title: '', summary: '', actions: [{ kind: 'move-file' as const, from: '/c/kb912354.cat', to: '/b/kb912354.cat' }] }];

  it('copies KB912354.CAT back when it was moved, in any case', () => {
    expect(restoreKb912354.plan({}, moved)).toEqual([{ kind: 'copy-file', from: '/b/kb912354.cat', to: '/c/kb912354.cat' }]);
    expect(restoreKb912354.plan({}, [])).toEqual([]);
  });

  it.each([
    ['running, with work', { offline: false, work: true, state: 'running', dependents: [] }, ['CryptSvc']],
    ['running dependents are stopped first', { offline: false, work: true, state: 'running', dependents: ['AppIDSvc'] }, ['AppIDSvc', 'CryptSvc']],
    ['already stopped', { offline: false, work: true, state: 'stopped', dependents: [] }, []],
    ['nothing to repair', { offline: false, work: false, state: 'running', dependents: [] }, []],
    ['offline image', { offline: true }, []],
  ] as const)('stop-cryptsvc: %s', (_name, facts, stops) => {
    expect(stopCryptsvc.plan(facts as never, []).map((a) => (a.kind === 'stop-service' ? a.name : a.kind))).toEqual(stops);
  });

  it('start-cryptsvc restarts CryptSvc, then the dependents that were stopped', () => {
    const earlier = [
      ...moved,
      {
        id: 'stop-cryptsvc',
        title: '',
        summary: '',
        actions: [
          { kind: 'stop-service' as const, name: 'AppIDSvc' },
          { kind: 'stop-service' as const, name: 'CryptSvc' },
        ],
      },
    ];
    expect(startCryptsvc.plan({ offline: false }, earlier)).toEqual([
      { kind: 'start-service', name: 'CryptSvc' },
      { kind: 'start-service', name: 'AppIDSvc' },
    ]);
  });
});

describe('plans', () => {
  it('refuses to apply a plan the world no longer matches (stale plan)', async () => {
    const volume = affectedVolume({ catalogs: 20 });
    const system = await volume.open();
    const shown = await planRepair(system);
    await volume.fs.createFile('/volume/WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB999.cat', 'new');
    const before = await volume.snap();
    await expect(repair(await volume.open(), { backupConfirmed: false, expected: shown })).rejects.toBeInstanceOf(StalePlanError);
    expect(await volume.snap()).toEqual(before);
  });

  it('shown from a listing read earlier, is still checked against the disk when applied', async () => {
    const volume = affectedVolume({ catalogs: 20 });
    const system = await volume.open();
    const listing = await volume.fs.readdir(system.layout.catalogDir);
    expect(await planRepair(system, { catalogListing: listing })).toEqual(await planRepair(system));
    await volume.fs.createFile(join(system.layout.catalogDir, 'KB999.cat'), 'new');
    const shown = await planRepair(system, { catalogListing: listing });
    const moved = (plan: Plan) => plan.steps.flatMap((s) => s.actions).flatMap((a) => (a.kind === 'move-file' ? [a.from] : []));
    expect(moved(shown)).not.toContain(join(system.layout.catalogDir, 'KB999.cat'));
    expect(moved(await planRepair(system))).toContain(join(system.layout.catalogDir, 'KB999.cat'));
    const before = await volume.snap();
    await expect(repair(await volume.open(), { backupConfirmed: false, expected: shown })).rejects.toBeInstanceOf(StalePlanError);
    expect(await volume.snap()).toEqual(before);
  });

  it('is the same plan for the same world', async () => {
    const volume = affectedVolume({ catalogs: 20 });
    expect(await planRepair(await volume.open())).toEqual(await planRepair(await volume.open()));
  });

  it.each([0, 1, 999, 1000, 1001, 2500])('with %i catalogs, is written to plan.json a slice at a time as exactly JSON.stringify would', async (catalogs) => {
    const plan = await planRepair(await affectedVolume({ catalogs }).open());
    expect([...planJson(plan)].join('')).toBe(`${JSON.stringify(plan)}\n`);
  });

  it('hashes its facts in pieces that join to exactly JSON.stringify, for any plain data', () => {
    const data = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.jsonValue(),
        fc.array(tie('value'), { maxLength: 1500 }),
        fc.dictionary(fc.string(), tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(data, (value) => {
        expect([...jsonPieces(value)].join('')).toBe(JSON.stringify(value));
      }),
      { numRuns: 200 },
    );
    const listing = Array.from({ length: 2345 }, (_, i) => ({ name: `KB${i}.cat`, kind: 'file', skipped: undefined }));
    expect([...jsonPieces({ survey: { catalogEntries: listing }, n: 1, f: () => 1 })].join('')).toBe(
      JSON.stringify({ survey: { catalogEntries: listing }, n: 1, f: () => 1 }),
    );
  });

  it('has the fingerprint currentFingerprint gives without planning, and another once the world changes', async () => {
    const volume = affectedVolume({ catalogs: 20 });
    const system = await volume.open();
    const ctx = () => repairContext(system, false);
    expect(await currentFingerprint(repairSteps, ctx())).toBe(
      (await makePlan(repairSteps, ctx(), { playbook: 'catalog-overflow', windir: 'w', stateDir: 's' })).fingerprint,
    );
    const before = await currentFingerprint(repairSteps, ctx());
    await volume.fs.rename('/volume/WINDOWS/system32/catroot2', '/volume/WINDOWS/system32/catroot2.old');
    expect(await currentFingerprint(repairSteps, ctx())).not.toBe(before);
  });

  it('keeps its run folder in <windir>/catroot-repair by default', async () => {
    const volume = affectedVolume({ catalogs: 5 });
    const system = await openSystem(volume.world, { root: '/volume' }, { pid: 1, host: 'h' }, catalogOverflow);
    expect(system.stateDir).toBe('/volume/WINDOWS/catroot-repair');
  });
});
