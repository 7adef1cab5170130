import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { affectedTree, cli, tempDir, treeWithoutSignature } from '../helpers/cli.js';

const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

describe('offline mode, end to end', () => {
  it('dry-run prints every move and writes nothing anywhere', async () => {
    const t = await affectedTree();
    const before = await t.snapAll();
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/AFFECTED/);
    expect(r.stdout.match(/^ +move .*KB\d+\.cat -> .*CatRoot\/backup\//gim)?.length).toBe(300 + 1);
    expect(r.stdout).toMatch(/copy .*backup\/KB912354\.CAT -> .*KB912354\.CAT/);
    expect(r.stdout).toMatch(/rename folder .*system32\/catroot2 -> .*system32\/catroot2\.old/);
    expect(await t.snapAll()).toEqual(before);
  });

  it('repairs, is idempotent, and rolls back byte for byte', async () => {
    const t = await affectedTree();
    const original = await t.snap();
    const first = await cli(['--root', t.root, '--state-dir', t.state, '--yes', '--json']);
    expect(first.code, first.stderr).toBe(0);
    const doc = JSON.parse(first.stdout);
    expect(doc.result.kind).toBe('repaired');
    expect(doc.verify.problems).toEqual([]);
    const after = await t.snap();
    const catalogNames = Object.keys(after)
      .filter((p) => p.startsWith(`${CATALOGS}/`))
      .map((p) => p.slice(CATALOGS.length + 1));
    expect(catalogNames.sort()).toEqual(['KB912354.CAT', 'ie.cat', 'nt5.cat', 'nt5inf.cat', 'oem1.CAT', 'oem14.CAT', 'oem7.CAT', 'tmp1234.tmp', 'wmp.cat']);
    expect(after[`${CATALOGS}/KB912354.CAT`]).toBe(original[`${CATALOGS}/KB912354.CAT`]);
    expect(after['WINDOWS/system32/CatRoot/backup/Q328310.txt']).toBe(original[`${CATALOGS}/Q328310.txt`]);
    expect(after['WINDOWS/system32/catroot2']).toBe('dir');
    expect(Object.keys(after).filter((p) => p.startsWith('WINDOWS/system32/catroot2/'))).toEqual([]);
    expect(after['WINDOWS/system32/catroot2.old/edb.log']).toBe(original['WINDOWS/system32/catroot2/edb.log']);

    const second = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/already done/);
    expect(await t.snap()).toEqual(after);

    const verify = await cli(['verify', '--root', t.root, '--state-dir', t.state]);
    expect(verify.code).toBe(0);

    const back = await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(back.code, back.stderr).toBe(0);
    expect(await t.snap()).toEqual(original);

    const again = await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(again.code).toBe(11);
    expect(again.stderr).toMatch(/already rolled back/);
  });

  it.each([
    ['relative paths', (t: { root: string; state: string; dir: string }) => [relative(t.dir, t.root), relative(t.dir, t.state)]],
    ['paths with ./ and ..', (t: { root: string; state: string; dir: string }) => [`./volume/WINDOWS/..`, `../${basename(t.dir)}/state/`]],
  ])('with %s for --root and --state-dir: repairs, verifies, and rolls back byte for byte', async (_name, paths) => {
    const t = await affectedTree({ catalogs: 50 });
    const [root, state] = paths(t) as [string, string];
    const original = await t.snap();
    const first = await cli(['--root', root, '--state-dir', state, '--yes'], {}, t.dir);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(`--root ${t.root} --state-dir ${t.state} --rollback`);
    for (const args of [['--yes'], ['verify']]) {
      const again = await cli([...args, '--root', root, '--state-dir', state], {}, t.dir);
      expect(again.code, again.stderr).toBe(0);
    }
    const back = await cli(['--root', root, '--state-dir', state, '--rollback', '--yes'], {}, t.dir);
    expect(back.code, back.stderr).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('a file named backup and a backup-2 holding a name to move: both passed over, and the plan says so', async () => {
    const t = await affectedTree({
      catalogs: 20,
      extra: { 'WINDOWS/system32/CatRoot/backup': 'a file', 'WINDOWS/system32/CatRoot/backup-2/KB820000.cat': catalogBytes('earlier attempt') },
    });
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--dry-run']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      'into CatRoot\\backup-3 (CatRoot\\backup to backup-2 are passed over: each holds a file of a name being moved, or is not a folder)',
    );
  });

  it('keeps a pre-existing backup and catroot2.old untouched and uses fresh names', async () => {
    const t = await affectedTree({
      catalogs: 50,
      extra: {
        'WINDOWS/system32/CatRoot/backup/KB820000.cat': catalogBytes('earlier attempt'),
        'WINDOWS/system32/catroot2.old/edb.log': catalogBytes('older catroot2'),
      },
    });
    const original = await t.snap();
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('into CatRoot\\backup-2 (CatRoot\\backup is passed over: each holds a file of a name being moved, or is not a folder)');
    const after = await t.snap();
    expect(after['WINDOWS/system32/CatRoot/backup/KB820000.cat']).toBe(original['WINDOWS/system32/CatRoot/backup/KB820000.cat']);
    expect(after['WINDOWS/system32/CatRoot/backup-2/KB820000.cat']).toBe(original[`${CATALOGS}/KB820000.cat`]);
    expect(after['WINDOWS/system32/catroot2.old/edb.log']).toBe(original['WINDOWS/system32/catroot2.old/edb.log']);
    expect(after['WINDOWS/system32/catroot2.old-2/edb.log']).toBe(original['WINDOWS/system32/catroot2/edb.log']);
    expect((await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('never follows or moves links named like catalogs; their targets stay untouched', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const outside = join(t.dir, 'outside');
    await mkdir(outside);
    await writeFile(join(outside, 'secret.txt'), 'do not touch');
    await symlink(join(outside, 'secret.txt'), join(t.root, CATALOGS, 'KB999999.cat'));
    await symlink(outside, join(t.root, CATALOGS, 'Q999999.dir'));
    const before = await t.snapAll();
    expect((await cli(['--root', t.root, '--state-dir', t.state, '--yes'])).code).toBe(0);
    const after = await t.snapAll();
    expect(after[`volume/${CATALOGS}/KB999999.cat`]).toBe('link');
    expect(after[`volume/${CATALOGS}/Q999999.dir`]).toBe('link');
    expect(after['outside/secret.txt']).toBe(before['outside/secret.txt']);
  });

  it.each([['UTF-16LE with BOM and CRLF', (log: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(log.replace(/\r?\n/g, '\r\n'), 'utf16le')])]])(
    'reads svcpack.log in %s',
    async (_name, encode) => {
      const t = await affectedTree({ catalogs: 10, extra: {} });
      const { readFile } = await import('node:fs/promises');
      const path = join(t.root, 'WINDOWS/svcpack.log');
      await writeFile(path, encode(await readFile(path, 'utf8')));
      const r = await cli(['diagnose', '--root', t.root, '--json']);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).diagnosis.verdict).toBe('affected');
    },
  );
});

describe('bad input: clear message, non-zero exit, nothing written', () => {
  it('refuses without the 0xfffffbfe signature, and --force overrides', async () => {
    const t = await treeWithoutSignature();
    const before = await t.snapAll();
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code).toBe(10);
    expect(r.stderr).toMatch(/different problem/);
    expect(r.stderr).toMatch(/KB822798/);
    expect(await t.snapAll()).toEqual(before);
    expect((await cli(['--root', t.root, '--state-dir', t.state, '--yes', '--force'])).code).toBe(0);
  });

  it('refuses a folder that is not a Windows installation', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'home', 'user'), { recursive: true });
    const r = await cli(['--root', dir, '--state-dir', join(dir, 'state'), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not a Windows system volume/);
  });

  it('given the Windows folder itself as --root, names the folder to give instead and changes nothing', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const original = await t.snapAll();
    const r = await cli(['--root', join(t.root, 'WINDOWS'), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`looks like the Windows folder itself; give the folder that holds it: --root ${t.root}`);
    expect(await t.snapAll()).toEqual(original);
  });

  it('does not wait for input without a terminal: asks for --yes', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const before = await t.snap();
    const r = await cli(['--root', t.root, '--state-dir', t.state]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--yes/);
    expect(await t.snap()).toEqual(before);
  });

  it('reports a state folder that cannot be written', async () => {
    const t = await affectedTree({ catalogs: 10 });
    await writeFile(join(t.dir, 'not-a-dir'), 'x');
    const r = await cli(['--root', t.root, '--state-dir', join(t.dir, 'not-a-dir', 'state'), '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/the state folder .*not-a-dir\/state lies under .*not-a-dir, which is a file, not a folder/);
  });

  it('rollback with no journal says there is nothing to roll back', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(r.code).toBe(11);
    expect(r.stderr).toMatch(/no repair run found/);
  });

  it.each([['0'], ['eleven'], ['2.5']])('rejects --rename-retries %s with a usage error', async (value) => {
    const r = await cli(['--rename-retries', value, '--root', '/nowhere']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--rename-retries takes a whole number from 1 to 10/);
  });

  it('rejects unknown flags with a usage error', async () => {
    const r = await cli(['--frobnicate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option/);
  });
});
