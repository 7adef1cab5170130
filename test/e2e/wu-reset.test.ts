import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import fse from 'fs-extra';
import { describe, expect, it } from 'vitest';
import { writeTree } from '../../src/demo/affected-server.js';
import { windows10Files } from '../../src/demo/windows10-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { cli, tempDir } from '../helpers/cli.js';
import { snapshot, under } from '../helpers/tree.js';
import { cliAsNobody, unprivilegedMissing } from '../helpers/unwritable.js';
import { jsonValidator } from '../helpers/json-schemas.js';

const SD = 'Windows/SoftwareDistribution';
const QUEUE = 'ProgramData/Microsoft/Network/Downloader';

/** A Windows 10 volume whose cumulative update fails with 0x80242006 (WU_E_UH_INVALIDMETADATA), with `extra` files. */
async function datastoreFailure(extra: Record<string, string> = {}) {
  const dir = await tempDir();
  const root = join(dir, 'volume');
  await writeTree(fse, root, { ...windows10Files({ catalogs: 40, failure: 'datastore' }), ...extra });
  return { dir, root, base: ['--root', root, '--state-dir', join(dir, 'state')], snap: () => snapshot(realFs(), root) };
}

describe('wu-reset on a Windows 10 tree, offline, end to end', () => {
  it('diagnose names it; the repair sets the BITS queue, DataStore, Download and catroot2 aside; a second run changes nothing; rollback restores byte for byte', async () => {
    const t = await datastoreFailure();
    const before = await t.snap();
    const diagnosed = await cli(['diagnose', ...t.base]);
    expect(diagnosed.code, diagnosed.stderr).toBe(0);
    expect(diagnosed.stdout).toMatch(/wu-reset: MATCHED\n +\S+ReportingEvents\.log:4 \[2025-01-15 03:12:44:010\+0100\] 0x80242006/);
    expect(diagnosed.stdout).toMatch(/chosen: wu-reset/);

    const first = await cli([...t.base, '--yes', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect([doc.evidence.chosen, doc.plan.playbook, doc.result.kind, doc.verify.problems]).toEqual(['wu-reset', 'wu-reset', 'repaired', []]);
    const after = await t.snap();
    for (const [from, to] of <Array<[string, string]>>[
      [`${SD}/DataStore`, `${SD}/DataStore.old`],
      [`${SD}/Download`, `${SD}/Download.old`],
      ['Windows/System32/catroot2', 'Windows/System32/catroot2.old'],
    ]) {
      expect(Object.keys(under(before, from)).length).toBeGreaterThan(0);
      expect(under(after, to)).toEqual(under(before, from));
      expect(under(after, from)).toEqual({});
      expect(after[from]).toBe('dir');
    }
    const queue = Object.entries(under(before, QUEUE));
    expect(queue.length).toBe(6);
    for (const [name, sha] of queue) expect([after[`${QUEUE}/${name}`], after[`${QUEUE}/qmgr-backup/${name}`]]).toEqual([undefined, sha]);
    // CatRoot, ReportingEvents.log and every other file stay where they were.
    for (const [path, sha] of Object.entries(before).filter(([p]) => p.includes('CatRoot') || p.endsWith('ReportingEvents.log'))) expect(after[path]).toBe(sha);

    const second = await cli([...t.base, '--yes']);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/already done: nothing to change/);
    expect(await t.snap()).toEqual(after);

    const undone = await cli(['rollback', ...t.base, '--yes']);
    expect(undone.code, undone.stderr).toBe(0);
    expect(await t.snap()).toEqual(before);
  });

  it('an existing DataStore.old, Download.old, catroot2.old and qmgr-backup are never clobbered: the next free names are used', async () => {
    const olds = {
      [`${SD}/DataStore.old/x`]: 'older',
      [`${SD}/Download.old/y`]: 'older',
      'Windows/System32/catroot2.old/z': 'older',
      [`${QUEUE}/qmgr-backup/qmgr.db`]: 'older',
    };
    const t = await datastoreFailure(olds);
    const r = await cli([...t.base, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const after = await t.snap();
    for (const path of Object.keys(olds)) expect(await readFile(join(t.root, path), 'utf8')).toBe('older');
    for (const path of [
      `${SD}/DataStore.old-2/DataStore.edb`,
      `${SD}/Download.old-2`,
      'Windows/System32/catroot2.old-2/edb.log',
      `${QUEUE}/qmgr-backup-2/qmgr.db`,
    ])
      expect(after[path]).toBeDefined();
  });

  it('a WSUS policy (Registry.pol naming WUServer) is reported in the plan and left untouched', async () => {
    const pol = Buffer.concat([
      Buffer.from('PReg\x01\x00\x00\x00', 'latin1'),
      Buffer.from('[Software\\Policies\\Microsoft\\Windows\\WindowsUpdate\0;WUServer\0;', 'utf16le'),
    ]);
    const t = await datastoreFailure();
    const path = join(t.root, 'Windows/System32/GroupPolicy/Machine/Registry.pol');
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, pol);
    const r = await cli([...t.base, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/note-management: managed machine: WSUS \(Group Policy sets WUServer\) \(\S+Registry\.pol\); policies, SusClientId/);
    await cli([...t.base, '--yes']);
    expect(await readFile(path)).toEqual(pol);
  });

  it('online (simulated services): stops only those present and running, in order, and starts exactly those again', async () => {
    const t = await datastoreFailure();
    const servicesFile = join(t.dir, 'services.json');
    const services = { UsoSvc: { state: 'running' }, BITS: { state: 'stopped' }, wuauserv: { state: 'running' }, CryptSvc: { state: 'running' } };
    await writeFile(servicesFile, JSON.stringify({ services }));
    const system = ['--windir', join(t.root, 'Windows'), '--services-file', servicesFile, '--state-dir', join(t.dir, 'state')];
    const r = await cli([...system, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const steps = JSON.parse(r.stdout).plan.steps as Array<{ id: string; actions: Array<{ kind: string; name?: string }> }>;
    const names = (id: string) => steps.find((s) => s.id === id)?.actions.map((a) => `${a.kind} ${a.name}`);
    expect(names('stop-services')).toEqual(['stop-service UsoSvc', 'stop-service wuauserv', 'stop-service CryptSvc']);
    expect(names('start-services')).toEqual(['start-service CryptSvc', 'start-service wuauserv', 'start-service UsoSvc']);
    expect((await jsonValidator())('repair', JSON.parse(r.stdout))).toBeNull();
    expect(JSON.parse(r.stdout).judgement).toEqual({
      services: [
        { name: 'CryptSvc', state: 'running' },
        { name: 'wuauserv', state: 'running' },
        { name: 'UsoSvc', state: 'running' },
      ],
      catroot2Entries: 0,
    });
    expect(r.stderr).toMatch(/^Services: CryptSvc running, wuauserv running, UsoSvc running\ncatroot2: 0 entries so far/m);
    const now = JSON.parse(await readFile(servicesFile, 'utf8')).services;
    expect(Object.fromEntries(Object.entries(now).map(([k, v]) => [k, (v as { state: string }).state]))).toEqual({
      UsoSvc: 'running',
      BITS: 'stopped',
      wuauserv: 'running',
      CryptSvc: 'running',
    });
  });
});

describe('--wu-log: a text copy of WindowsUpdate.log that Get-WindowsUpdateLog wrote', () => {
  const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'evidence', 'WindowsUpdate-decoded.utf16.log');

  it('is read as evidence (its 0x80242006 chooses wu-reset); a missing one is refused with exit 2 and nothing changed', async () => {
    const t = await datastoreFailure();
    await writeFile(join(t.root, SD, 'ReportingEvents.log'), '');
    const before = await t.snap();
    const without = await cli(['diagnose', ...t.base]);
    expect(without.stdout).toMatch(/wu-reset: no evidence/);
    const copy = join(t.dir, 'Desktop', 'WindowsUpdate.log');
    await mkdir(dirname(copy), { recursive: true });
    await writeFile(copy, await readFile(FIXTURE));
    const withCopy = await cli(['diagnose', ...t.base, '--wu-log', copy]);
    expect(withCopy.code, withCopy.stderr).toBe(0);
    expect(withCopy.stdout).toMatch(new RegExp(`wu-reset: MATCHED\\n +${copy.replaceAll('/', '\\/')}:\\d+ .*0x80242006`));
    const missing = await cli([...t.base, '--wu-log', join(t.dir, 'nope.log'), '--yes']);
    expect([missing.code, missing.stderr]).toEqual([2, expect.stringMatching(/--wu-log \S+nope\.log: no such file; nothing was changed/)]);
    expect(await t.snap()).toEqual(before);
  });
});

describe('--hold-services (online, simulated services)', () => {
  it('disables the update services for the run and restores each start type; rollback leaves states and start types as they were', async () => {
    const t = await datastoreFailure();
    const servicesFile = join(t.dir, 'services.json');
    const services = {
      UsoSvc: { state: 'running', startType: 'delayed-auto' },
      BITS: { state: 'stopped', startType: 'demand' },
      wuauserv: { state: 'running', startType: 'demand' },
      CryptSvc: { state: 'running', startType: 'auto' },
    };
    await writeFile(servicesFile, JSON.stringify({ services }));
    const system = ['--windir', join(t.root, 'Windows'), '--services-file', servicesFile, '--state-dir', join(t.dir, 'state')];
    const r = await cli([...system, '--hold-services', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const steps = JSON.parse(r.stdout).plan.steps as Array<{ id: string; actions: Array<{ kind: string; name?: string; from?: string; to?: string }> }>;
    const types = (id: string) => steps.find((s) => s.id === id)?.actions.map((a) => `${a.name} ${a.from}->${a.to}`);
    expect(types('hold-services')).toEqual(['UsoSvc delayed-auto->disabled', 'BITS demand->disabled', 'wuauserv demand->disabled']);
    expect(types('release-services')).toEqual(['UsoSvc disabled->delayed-auto', 'BITS disabled->demand', 'wuauserv disabled->demand']);
    const now = async () => JSON.parse(await readFile(servicesFile, 'utf8')).services;
    expect(await now()).toEqual(services);
    const undone = await cli(['rollback', ...system, '--yes']);
    expect(undone.code, undone.stderr).toBe(0);
    expect(await now()).toEqual(services);
  });
});

describe('rollback over files changed while set aside', () => {
  it('undoes everything, then names each recorded file that differs from before the run (sha256 or listing) and exits 1603', async () => {
    const t = await datastoreFailure();
    expect((await cli([...t.base, '--yes'])).code).toBe(0);
    await writeFile(join(t.root, QUEUE, 'qmgr-backup', 'qmgr.db'), 'changed by someone else');
    await writeFile(join(t.root, SD, 'DataStore.old', 'DataStore.edb'), 'shorter now');
    const r = await cli(['rollback', ...t.base, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(process.platform === 'win32' ? 1603 : 1603 % 256);
    expect(r.stderr).toMatch(/everything it changed is undone, but 2 of the \d+ file\(s\) it recorded differ from what they were before it/);
    const restored = JSON.parse(r.stdout).rollback.restored;
    expect([...restored.problems].sort()).toEqual([
      expect.stringMatching(/^changed: \.\.\/ProgramData\/.*Downloader\/qmgr\.db \(sha256 differs/),
      expect.stringMatching(/^changed: SoftwareDistribution\/DataStore\/DataStore\.edb \(size or modification time differs/),
    ]);
    const after = await t.snap();
    expect(after[`${SD}/DataStore/DataStore.edb`]).toBeDefined();
    expect(after[`${SD}/DataStore.old`]).toBeUndefined();
  });
});

describe('rollback after BITS rebuilt its queue', () => {
  it('sets the new qmgr.db aside as qmgr.db.created-by-repair-1 and moves the original back; nothing deleted', async () => {
    const t = await datastoreFailure();
    const before = await t.snap();
    expect((await cli([...t.base, '--yes'])).code).toBe(0);
    await writeFile(join(t.root, QUEUE, 'qmgr.db'), 'a queue BITS made when it started');
    const r = await cli(['rollback', ...t.base, '--yes']);
    expect(r.code, `${r.stdout}\n${r.stderr}`).toBe(0);
    expect(r.stdout).toMatch(/note: \S+qmgr\.db was made again after the run; set aside as \S+qmgr\.db\.created-by-repair-1/);
    const after = await t.snap();
    expect(await readFile(join(t.root, QUEUE, 'qmgr.db.created-by-repair-1'), 'utf8')).toBe('a queue BITS made when it started');
    delete after[`${QUEUE}/qmgr.db.created-by-repair-1`];
    expect(after).toEqual(before);
  });
});

describe.runIf(!unprivilegedMissing)('evidence the user may not read', () => {
  it('is named ("not read") with the advice to run elevated, never silently taken for "no evidence"', async () => {
    const t = await datastoreFailure();
    await chmod(t.dir, 0o755);
    await chmod(join(t.root, SD, 'ReportingEvents.log'), 0o000);
    const r = await cliAsNobody(['diagnose', ...t.base, '--json']);
    expect(r.stderr).toMatch(/not read: \S+ReportingEvents\.log: EACCES/);
    expect(r.stderr).toMatch(/run elevated, or as SYSTEM/);
    expect(JSON.parse(r.stdout).evidence.unread).toEqual([expect.stringMatching(/ReportingEvents\.log: EACCES/)]);
  });
});

describe('a choice the chosen repair does not take is refused, not ignored', () => {
  it.each([
    [['--hold-services'], /--hold-services needs the running system: offline, no service runs; nothing was changed/],
    [['--source', 'wim:D:\\sources\\install.wim:1'], /--source does nothing with wu-reset, the repair chosen; nothing was changed/],
    [['--playbook', 'catroot2-reset', '--force', '--hold-services'], /--hold-services does nothing with catroot2-reset, the repair chosen/],
  ])('%j: exit 2, nothing changed', async (extra, message) => {
    const t = await datastoreFailure();
    const before = await t.snap();
    const r = await cli([...t.base, ...extra, '--yes']);
    expect([r.code, r.stderr]).toEqual([2, expect.stringMatching(message)]);
    expect(await t.snap()).toEqual(before);
  });
});

describe('a run stopped part-way', () => {
  it('says which services it may have left stopped, and how to resume or undo', async () => {
    const t = await datastoreFailure();
    const servicesFile = join(t.dir, 'services.json');
    // wuauserv runs, but its start type is disabled: starting it again after the repair fails (1058).
    const services = { UsoSvc: { state: 'running' }, wuauserv: { state: 'running', startType: 'disabled' }, CryptSvc: { state: 'running' } };
    await writeFile(servicesFile, JSON.stringify({ services }));
    const system = ['--windir', join(t.root, 'Windows'), '--services-file', servicesFile, '--state-dir', join(t.dir, 'state')];
    const r = await cli([...system, '--yes']);
    expect(r.code).toBe(process.platform === 'win32' ? 1603 : 1603 % 256);
    expect(r.stderr).toMatch(
      /Nothing was lost\. Until then these services may be left stopped: UsoSvc, wuauserv, CryptSvc\. Resume: .* --yes {3}Undo: .* --rollback --yes/,
    );
  });
});
