import { access, chmod, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, CLI, cli } from '../helpers/cli.js';

const EXIT_1603 = process.platform === 'win32' ? 1603 : 1603 % 256;
/** The demo's stand-in for the SP2 installer: fails with 0xfffffbfe while CryptSvc is stopped in the services file it is given. */
const DEMO_INSTALLER = join(CLI, '..', 'sp2-installer.mjs');

/** An affected tree, repaired online through the hidden --windir and --services-file options, as the demo does. */
async function onlineTree(catalogs = 150) {
  const t = await affectedTree({ catalogs });
  const windir = join(t.root, 'WINDOWS');
  const services = join(t.dir, 'services.json');
  const stopped = join(t.dir, 'stopped.json');
  await writeFile(services, JSON.stringify({ services: { CryptSvc: { state: 'running' } } }));
  await writeFile(stopped, JSON.stringify({ services: { CryptSvc: { state: 'stopped' } } }));
  const args = ['--windir', windir, '--services-file', services, '--state-dir', t.state];
  /** --installer flags that run the demo installer; `fails`: it sees CryptSvc stopped, and fails as SP2 did. */
  const installer = (fails: boolean) => ['--installer', process.execPath, '--installer-args', `${DEMO_INSTALLER} ${windir} ${fails ? stopped : services}`];
  const svcpack = () => readFile(join(windir, 'svcpack.log'), 'utf8');
  const runs = async () =>
    (await access(join(t.state, 'runs')).then(
      () => true,
      () => false,
    ))
      ? readdir(join(t.state, 'runs'))
      : [];
  return { t, args, installer, svcpack, runs };
}

/** The tree without svcpack.log, which only the installer writes. */
const withoutSvcpack = (snap: Record<string, string>) => Object.fromEntries(Object.entries(snap).filter(([path]) => path !== 'WINDOWS/svcpack.log'));

describe('--installer that is not a file is refused before anything changes (exit 2)', () => {
  it.each<[string, (dir: string) => Promise<string[]>, RegExp]>([
    ['a missing file', async (dir) => ['--yes', '--installer', join(dir, 'sp2.exe')], /the installer \S+sp2\.exe does not exist; nothing was changed/],
    [
      'a missing file, in a dry run',
      async (dir) => ['--dry-run', '--installer', join(dir, 'sp2.exe')],
      /the installer \S+sp2\.exe does not exist; nothing was changed/,
    ],
    ['a relative name, read from the current folder', async () => ['--yes', '--installer', 'sp2.exe'], /the installer \/\S+\/sp2\.exe does not exist/],
    [
      'a folder',
      async (dir) => (await mkdir(join(dir, 'sp2')), ['--yes', '--installer', join(dir, 'sp2')]),
      /the installer \S+sp2 is a folder, not a regular file; nothing was changed/,
    ],
  ])('%s', async (_name, make, message) => {
    const { t, args } = await onlineTree(20);
    const extra = await make(t.dir);
    const before = await t.snapAll();
    const r = await cli([...args, ...extra], {}, t.dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await t.snapAll()).toEqual(before);
    await expect(access(t.state)).rejects.toThrow(/ENOENT/);
  });

  it('the installer of a saved plan, gone since it was saved: --plan refuses, dry run too', async () => {
    const { t, args } = await onlineTree(20);
    const sp2 = join(t.dir, 'sp2.exe');
    await writeFile(sp2, 'MZ');
    const file = join(t.dir, 'plan.json');
    expect((await cli([...args, '--dry-run', '--save-plan', file, '--installer', sp2])).code).toBe(0);
    await rm(sp2);
    const before = await t.snapAll();
    for (const mode of ['--dry-run', '--yes']) {
      const r = await cli([...args, '--plan', file, mode]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/the installer \S+sp2\.exe does not exist; nothing was changed/);
    }
    expect(await t.snapAll()).toEqual(before);
    await expect(access(t.state)).rejects.toThrow(/ENOENT/);
  });
});

describe('the verdict reads only the svcpack.log sessions begun after the installer started', () => {
  it('an installer that writes no session: said so, the 2007 failure is not quoted', async () => {
    const { args } = await onlineTree(20);
    const r = await cli([...args, '--yes', '--installer', process.execPath, '--installer-args', '-e process.exit(3)']);
    expect(r.code, r.stderr).toBe(EXIT_1603);
    expect(r.stdout).toMatch(/Service pack: the installer failed with exit code 3; the installer wrote no new svcpack\.log session/);
    expect(r.stdout).not.toMatch(/Service pack:.*2007/);
  });

  it.skipIf(process.platform === 'win32')('an installer that cannot start (a file that is not executable): reported as such', async () => {
    const { t, args } = await onlineTree(20);
    const sp2 = join(t.dir, 'sp2.exe');
    await writeFile(sp2, 'MZ');
    await chmod(sp2, 0o644);
    const r = await cli([...args, '--yes', '--installer', sp2, '--json']);
    expect(r.code, r.stderr).toBe(EXIT_1603);
    expect(JSON.parse(r.stdout).installer).toMatchObject({ exitCode: -1, notStarted: 'EACCES', verdict: { kind: 'not-started' } });
    expect(r.stderr).toMatch(/Service pack: the installer could not start \(EACCES\); it did not run/);
    expect(r.stderr).not.toMatch(/Service pack:.*2007/);
  });
});

describe('diagnose after a repair', () => {
  it('names the run that repaired the store, when, and that the service pack succeeded since (exit 0)', async () => {
    const { args, installer } = await onlineTree();
    expect(JSON.parse((await cli([...args, 'diagnose', '--json'])).stdout).store).toEqual({ kind: 'affected' });
    const r = await cli([...args, '--yes', ...installer(false)]);
    expect(r.code, r.stderr).toBe(0);
    const d = await cli([...args, 'diagnose']);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toMatch(
      /REPAIRED by run #1 \(000001-\S+\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC; the service pack succeeded since \(svcpack\.log session \d{4}\//,
    );
    expect(d.stdout).not.toMatch(/AFFECTED|RESOLVED/);
    const doc = JSON.parse((await cli([...args, 'diagnose', '--json'])).stdout);
    expect(doc.store).toMatchObject({ kind: 'repaired', sequence: 1, servicePack: { kind: 'succeeded' } });
  });
});

describe('retrying the service pack later, without repairing again', () => {
  it('after a failed retry: diagnose says so (1603); a run without --installer changes nothing and exits 1603; --installer runs only the installer, as its own run', async () => {
    const { t, args, installer, svcpack, runs } = await onlineTree();
    const first = await cli([...args, '--yes', ...installer(true)]);
    expect(first.code, first.stderr).toBe(EXIT_1603);
    expect(first.stdout).toMatch(/Service pack: the installer failed with exit code \d+; svcpack\.log \((?!2007)[^)]+\)/);

    const d = await cli([...args, 'diagnose']);
    expect(d.code).toBe(EXIT_1603);
    expect(d.stdout).toMatch(
      /REPAIRED by run #1 \(000001-\S+\) on [^;]+; the service pack ran since and did not succeed: svcpack\.log \((?!2007)[^)]+\) shows error=0xfffffbfe again/,
    );
    expect(first.stdout).toMatch(/retry the service pack alone \(the repair stands\): node \S+catroot-repair\.mjs .* --installer /);

    const repaired = await t.snap();
    const log = await svcpack();
    const again = await cli([...args, '--yes']);
    // Nothing to change, but the system is not well: the same 1603 as diagnose and detect's 1, for a fleet's remediation.
    expect(again.code, again.stderr).toBe(EXIT_1603);
    expect(again.stdout).toMatch(/already done: nothing to change/);
    expect(again.stdout).toMatch(/--installer FILE/);
    expect(await t.snap()).toEqual(repaired);
    expect(await runs()).toHaveLength(1);

    const retry = await cli([...args, '--yes', '--json', ...installer(false)]);
    expect(retry.code, retry.stderr).toBe(0);
    const doc = JSON.parse(retry.stdout);
    expect(doc.plan.steps.flatMap((s: { actions: Array<{ kind: string }> }) => s.actions.map((a) => a.kind))).toEqual(['write-manifest', 'run-program']);
    expect(doc.result.runId).toMatch(/^000002-/);
    expect(doc.installer.verdict.kind).toBe('succeeded');
    expect(withoutSvcpack(await t.snap())).toEqual(withoutSvcpack(repaired));
    expect((await svcpack()).startsWith(log)).toBe(true);

    const after = await cli([...args, 'diagnose']);
    expect(after.code).toBe(0);
    expect(after.stdout).toMatch(/REPAIRED by run #1 \(000001-\S+\)[^\n]*the service pack succeeded since/);

    // Succeeded since: nothing runs, installer or not.
    const done = await svcpack();
    const last = await cli([...args, '--yes', ...installer(false)]);
    expect(last.code, last.stderr).toBe(0);
    expect(last.stdout).toMatch(/The service pack succeeded after the repair of run #1 .*nothing to do/);
    expect(await svcpack()).toBe(done);
    expect(await runs()).toHaveLength(2);
  });
});
