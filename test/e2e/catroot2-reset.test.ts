import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/platform/real-fs.js';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'evidence');
const CATROOT = 'Windows/System32/CatRoot';
const SYS = `${CATROOT}/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}`;
const DRV = `${CATROOT}/{127D0A1D-4EF2-11D1-8608-00C04FC295EE}`;
const REPORTING = 'Windows/SoftwareDistribution/ReportingEvents.log';

/** A Windows 10 tree as Windows 10 spells it, with `logs` (relative path -> text) as its evidence. */
async function windows10(logs: Record<string, string>) {
  const dir = await tempDir();
  const root = join(dir, 'volume');
  const files: Record<string, string> = {
    'Windows/System32/kernel32.dll': 'k',
    [`${SYS}/KB5049983.cat`]: 'kb',
    [`${SYS}/Package_for_RollupFix.cat`]: 'rollup',
    [`${SYS}/tmp4F2A.cat`]: 'tmp system',
    [`${DRV}/oem3.cat`]: 'oem',
    [`${DRV}/TMP77.CAT`]: 'tmp driver',
    'Windows/System32/catroot2/edb.log': 'edb',
    'Windows/System32/catroot2.old/edb.log': 'an older reset',
    ...logs,
  };
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, rel)), { recursive: true });
    await writeFile(join(root, rel), text);
  }
  const base = ['--root', root, '--state-dir', join(dir, 'state')];
  return { root, base, snap: () => snapshot(realFs(), root), snapAll: () => snapshot(realFs(), dir) };
}

const fixture = (name: string) => readFile(join(FIXTURES, name), 'utf8');
/** ReportingEvents.log whose only failures are the network's: every failure code becomes 0x80072EE2. */
const networkOnly = async () => (await fixture('ReportingEvents.utf8.log')).replace(/\t(800b0109|80073712)\t/g, '\t80072ee2\t');

describe('catroot2-reset on a Windows 10 tree, offline, end to end', () => {
  it.each([
    ['ReportingEvents.log', REPORTING, 'ReportingEvents.utf8.log', /ReportingEvents\.log:7 \[2025-01-15 03:12:44:010\+0100\] 0x800B0109/],
    ['CBS.log', 'Windows/Logs/CBS/CBS.log', 'CBS.utf8.log', /CBS\.log:\d+/],
  ])(
    '%s: diagnose names catroot2-reset with the cited line; repair; a second run changes nothing; rollback restores byte for byte',
    async (_name, path, file, cited) => {
      const text =
        file === 'CBS.utf8.log'
          ? `${await fixture(file)}2025-01-16 04:00:00, Error                 CBS    Failed to verify catalog [HRESULT = 0x800b0109 - CERT_E_UNTRUSTEDROOT]\n`
          : await fixture(file);
      const t = await windows10({ [path]: text });
      const before = await t.snap();
      const diagnosed = await cli(['diagnose', ...t.base]);
      expect(diagnosed.code, diagnosed.stderr).toBe(0);
      expect(diagnosed.stdout).toMatch(/catroot2-reset: MATCHED/);
      expect(diagnosed.stdout).toMatch(cited);
      expect(diagnosed.stdout).toMatch(/chosen: catroot2-reset/);

      const first = await cli([...t.base, '--yes', '--json']);
      expect(first.code, first.stderr).toBe(0);
      const doc = JSON.parse(first.stdout);
      expect([doc.result.kind, doc.evidence.chosen, doc.verify.problems]).toEqual(['repaired', 'catroot2-reset', []]);
      const after = await t.snap();
      expect(after[`${CATROOT}/tmp-backup-F750E6C3/tmp4F2A.cat`]).toBe(before[`${SYS}/tmp4F2A.cat`]);
      expect(after[`${CATROOT}/tmp-backup-127D0A1D/TMP77.CAT`]).toBe(before[`${DRV}/TMP77.CAT`]);
      for (const kept of [`${SYS}/KB5049983.cat`, `${SYS}/Package_for_RollupFix.cat`, `${DRV}/oem3.cat`, 'Windows/System32/catroot2.old/edb.log'])
        expect(after[kept]).toBe(before[kept]);
      expect(after['Windows/System32/catroot2.old-2/edb.log']).toBe(before['Windows/System32/catroot2/edb.log']);
      expect(Object.keys(after).filter((p) => p.startsWith('Windows/System32/catroot2/'))).toEqual([]);

      const second = await cli([...t.base, '--yes']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stdout).toMatch(/already done: nothing to change/);
      expect(await t.snap()).toEqual(after);

      const undone = await cli([...t.base, '--rollback', '--yes']);
      expect(undone.code, undone.stderr).toBe(0);
      expect(await t.snap()).toEqual(before);
    },
  );

  it.each([
    [
      'only a network code (0x80072EE2)',
      async () => ({ [REPORTING]: await networkOnly() }),
      /no repair: .*ReportingEvents\.log:\d+.*0x80072EE2/,
      /netsh winhttp show proxy/,
    ],
    ['no evidence at all', async () => ({}), /NOT THIS PROBLEM|catalog-overflow: no evidence\n +no 0xfffffbfe/, /KB822798/],
  ])('%s: refused with exit 10, nothing changed, what was found and where to look printed', async (_case, logs, found, advice) => {
    const t = await windows10(await logs());
    const before = await t.snapAll();
    for (const args of [
      ['diagnose', ...t.base],
      [...t.base, '--yes'],
      [...t.base, '--yes', '--playbook', 'catroot2-reset'],
    ]) {
      const r = await cli(args);
      expect(r.code, `${args.join(' ')}\n${r.stdout}\n${r.stderr}`).toBe(10);
      expect(`${r.stdout}\n${r.stderr}`).toMatch(found);
      expect(`${r.stdout}\n${r.stderr}`).toMatch(advice);
    }
    expect(await t.snapAll()).toEqual(before);
  });

  it('when catroot2-reset and component-store both match, catroot2-reset is chosen and the output says why', async () => {
    const t = await windows10({ [REPORTING]: await fixture('ReportingEvents.utf8.log'), 'Windows/Logs/CBS/CBS.log': await fixture('CBS.utf8.log') });
    const r = await cli(['diagnose', ...t.base]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/component-store: MATCHED\n +\S+CBS\.log:\d+/);
    expect(r.stdout).toMatch(/chosen: catroot2-reset/);
    expect(r.stdout).toMatch(/Also matched: component-store .*catroot2-reset comes first in the table's order: the catalog database comes first/);
  });

  it('a plan saved with --dry-run --save-plan is applied with --plan, as the playbook it names', async () => {
    const t = await windows10({ [REPORTING]: await fixture('ReportingEvents.utf8.log') });
    const file = join(dirname(t.root), 'plan.json');
    const saved = await cli([...t.base, '--dry-run', '--save-plan', file]);
    expect(saved.code, saved.stderr).toBe(0);
    const applied = await cli([...t.base, '--plan', file, '--yes', '--json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).plan.playbook).toBe('catroot2-reset');
    expect(Object.keys(await t.snap())).toContain(`${CATROOT}/tmp-backup-127D0A1D/TMP77.CAT`);
  });

  it('online (simulated service manager): stops CryptSvc and its running dependent first, starts them after, in order', async () => {
    const t = await windows10({ [REPORTING]: await fixture('ReportingEvents.utf8.log') });
    const services = join(dirname(t.root), 'services.json');
    const state = { services: { CryptSvc: { state: 'running' }, AppIDSvc: { state: 'running', dependsOn: ['CryptSvc'] } } };
    await writeFile(services, JSON.stringify(state));
    const online = ['--windir', join(t.root, 'Windows'), '--services-file', services, '--state-dir', join(dirname(t.root), 'state')];
    const r = await cli([...online, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const actions = (JSON.parse(r.stdout).plan.steps as Array<{ actions: Array<{ kind: string; name?: string }> }>).flatMap((s) => s.actions);
    expect(actions.filter((a) => a.name).map((a) => `${a.kind} ${a.name}`)).toEqual([
      'stop-service AppIDSvc',
      'stop-service CryptSvc',
      'start-service CryptSvc',
      'start-service AppIDSvc',
    ]);
    expect(JSON.parse(await readFile(services, 'utf8'))).toEqual(state);
  });

  it('Server 2003: WindowsUpdate.log 0x8007f0da beside svcpack.log 0xfffffbfe is catalog-overflow own, and the output is as before; another trust error is said, and why catalog-overflow comes first', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const base = ['--root', t.root, '--state-dir', t.state];
    const plain = await cli(['diagnose', ...base]);
    expect(plain.code, plain.stderr).toBe(0);
    expect(plain.stdout).toMatch(/AFFECTED/);
    expect(plain.stdout).not.toMatch(/Evidence|chosen/);
    await appendFile(
      join(t.root, 'WINDOWS', 'WindowsUpdate.log'),
      '2007-07-03 03:25:39:000 1012 17bc Agent WARNING: Verification of file signature failed, error 0x800b0109\r\n',
    );
    const both = await cli(['diagnose', ...base]);
    expect(both.code, both.stderr).toBe(0);
    expect(both.stdout).toMatch(/catroot2-reset: MATCHED\n +\S+WindowsUpdate\.log:5 .*0x800B0109/);
    expect(both.stdout).toMatch(/chosen: catalog-overflow\n +why: catalog-overflow comes first: svcpack.log's 0xfffffbfe is its own signature/);
  });
});
