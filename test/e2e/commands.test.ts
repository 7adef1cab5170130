import { mkdir, readdir, readFile, rename, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';
import { realFs } from '../../src/platform/real-fs.js';

describe('every command, as JSON', () => {
  it('diagnose, dry-run, repair, status, verify, rollback: one JSON document each on stdout', async () => {
    const t = await affectedTree({ catalogs: 120 });
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const steps: Array<[string[], number, (doc: any) => void]> = [
      [['diagnose'], 0, (d) => expect(d.diagnosis.catalogs.total).toBe(126)],
      [
        ['--dry-run'],
        0,
        (d) =>
          expect(d.plan.steps.map((s: any) => s.id)).toEqual([
            'backup',
            'stop-cryptsvc',
            'move-catalogs',
            'restore-kb912354',
            'rename-catroot2',
            'start-cryptsvc',
            'retry-sp2',
          ]),
      ],
      [['--yes'], 0, (d) => expect(d.result.kind).toBe('repaired')],
      [['status'], 0, (d) => expect(d.status).toMatchObject({ state: 'applied', backupConfirmed: false })],
      [['verify'], 0, (d) => expect(d.verify.files).toBe(126 + 7)],
      [['--rollback', '--yes'], 0, (d) => expect(d.rollback.conflicts).toEqual([])],
      [['status'], 0, (d) => expect(d.status.state).toBe('rolled-back')],
      [['verify'], 11, (d) => expect(d.error.type).toBe('NoRunError')],
    ];
    for (const [args, code, check] of steps) {
      const r = await cli([...args, ...base]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      check(JSON.parse(r.stdout));
    }
  });

  it('--version and --help', async () => {
    const pkg = JSON.parse(await readFile(join(import.meta.dirname, '..', '..', 'package.json'), 'utf8'));
    expect((await cli(['--version'])).stdout.trim()).toBe(pkg.version);
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Exit codes:/);
  });

  it('the README usage section is the --help text, word for word', async () => {
    const readme = await readFile(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    const usage = /## Usage\n\n```text\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(usage).toBe((await cli(['--help'])).stdout.trimEnd());
  });
});

describe('the demo', () => {
  it('windows-10: the evidence chooses catroot2-reset; only tmp*.cat and catroot2 move; a rollback restores the tree byte for byte', async () => {
    const dir = await tempDir();
    const r = await cli(['demo', '--scenario', 'windows-10', '--dir', dir, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect([doc.evidence.chosen, doc.result.kind, doc.verify.problems]).toEqual(['catroot2-reset', 'repaired', []]);
    expect(r.stderr).toMatch(/catroot2-reset: MATCHED\n +\S+ReportingEvents\.log:\d+ \[[^\]]+\] 0x800B0109/);
    const catroot = join(dir, 'Windows', 'System32', 'CatRoot');
    const moved = (await readdir(catroot, { recursive: true })).filter((p) => p.includes('tmp-backup-') && p.toLowerCase().endsWith('.cat'));
    expect(moved.map((p) => p.split(/[\\/]/).pop()).sort()).toEqual(['TMP77.CAT', 'TMP9C1E.cat', 'tmp4F2A.cat']);
    const system = ['--windir', join(dir, 'Windows'), '--services-file', join(dir, 'services.json'), '--state-dir', join(dir, 'state')];
    const rolled = await cli(['rollback', ...system, '--yes']);
    expect(rolled.code, rolled.stderr).toBe(0);
    const again = await tempDir();
    expect((await cli(['demo', '--scenario', 'windows-10', '--dir', again, '--dry-run'])).code).toBe(0);
    // A dry run builds the same tree and changes nothing in it: the rolled-back tree must equal it.
    const windows = (root: string) => snapshot(realFs(), join(root, 'Windows'));
    expect(await windows(dir)).toEqual(await windows(again));
  });

  it('builds a simulated affected server, repairs it online, and the installer succeeds afterwards', async () => {
    const dir = await tempDir();
    const r = await cli(['demo', '--dir', dir, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.installer.verdict.kind).toBe('succeeded');
    expect(r.stderr).toMatch(process.platform === 'win32' ? /First, SP2 as it is: exit code 1603/ : /First, SP2 as it is: exit code 67 \(1603 cut to 8 bits/);
    const services = JSON.parse(await readFile(join(dir, 'services.json'), 'utf8'));
    expect(services.services.CryptSvc.state).toBe('running');
    const svcpack = await readFile(join(dir, 'WINDOWS', 'svcpack.log'), 'utf8');
    expect(svcpack.trimEnd()).toMatch(/Update\.exe extended error code = 0x0$/);
    const status = await cli([
      'status',
      '--windir',
      join(dir, 'WINDOWS'),
      '--services-file',
      join(dir, 'services.json'),
      '--state-dir',
      join(dir, 'state'),
      '--json',
    ]);
    expect(JSON.parse(status.stdout).status.state).toBe('applied');
  });
});

describe('the demo never writes into a folder it did not make', () => {
  // Each case returns the --dir to give and the folder to watch (it holds the target, and nothing else changes it).
  it.each([
    ['a real Windows tree', async () => ((t) => [t.root, t.dir])(await affectedTree({ catalogs: 5 }))],
    ['a folder with one file of the admin', async (dir: string) => (await writeFile(join(dir, 'notes.txt'), 'mine'), [dir, dir])],
    ['a file', async (dir: string) => (await writeFile(join(dir, 'f'), 'mine'), [join(dir, 'f'), dir])],
    [
      'a link to an empty folder',
      async (dir: string) => (await mkdir(join(dir, 'empty')), await symlink(join(dir, 'empty'), join(dir, 'link')), [join(dir, 'link'), dir]),
    ],
    [
      'a folder holding only a file named like the marker, with its own text',
      async (dir: string) => (await writeFile(join(dir, '.catroot-repair-demo'), 'my notes'), [dir, dir]),
    ],
    ['a folder holding only a folder named like the marker', async (dir: string) => (await mkdir(join(dir, '.catroot-repair-demo')), [dir, dir])],
    [
      'a folder whose marker was forged empty',
      async (dir: string) => (await writeFile(join(dir, '.catroot-repair-demo'), ''), await writeFile(join(dir, 'x'), 'mine'), [dir, dir]),
    ],
  ])('refuses %s: exit 2, nothing written', async (_name, make) => {
    const [target, watched] = (await make(await tempDir())) as [string, string];
    const before = await snapshot(realFs(), watched);
    const r = await cli(['demo', '--dir', target, '--yes']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/nothing was written/);
    expect(await snapshot(realFs(), watched)).toEqual(before);
  });

  it('runs in an empty folder; run again there, it refuses (it never writes over a file, even its own) and changes nothing', async () => {
    const dir = await tempDir();
    expect((await cli(['demo', '--dir', dir, '--yes'])).code).toBe(0);
    const before = await snapshot(realFs(), dir);
    const again = await cli(['demo', '--dir', dir, '--yes']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/holds an earlier demo; nothing was written/);
    expect(await snapshot(realFs(), dir)).toEqual(before);
  });

  it('a real tree put into a folder the demo made (its marker still there) is refused, not overwritten', async () => {
    const dir = await tempDir();
    expect((await cli(['demo', '--dir', dir, '--yes'])).code).toBe(0);
    const real = await affectedTree({ catalogs: 20 });
    const moved = await tempDir();
    for (const name of await readdir(dir)) if (name !== '.catroot-repair-demo') await rename(join(dir, name), join(moved, name));
    await rename(join(real.root, 'WINDOWS'), join(dir, 'WINDOWS'));
    const before = await snapshot(realFs(), dir);
    const r = await cli(['demo', '--dir', dir, '--yes']);
    expect(r.code).toBe(2);
    expect(await snapshot(realFs(), dir)).toEqual(before);
  });

  it('--json without --yes and no terminal: refused before the demo writes anything', async () => {
    const dir = join(await tempDir(), 'new');
    const r = await cli(['demo', '--dir', dir, '--json']);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).error.message).toMatch(/no terminal to ask on/);
    await expect(readdir(dir)).rejects.toMatchObject({ code: 'ENOENT' });
  });
});

describe('--json: stdout is one JSON document, whatever goes wrong', () => {
  it.each([
    [['--bogus'], 2, 'UsageError', /unknown option '--bogus'/],
    [['frobnicate'], 2, 'UsageError', /unknown command 'frobnicate'/],
    [['rollbak'], 2, 'UsageError', /unknown command 'rollbak'\n\(Did you mean rollback\?\)/],
    [['diagnose', '--dry-run'], 2, 'BadInputError', /--dry-run does nothing with diagnose/],
    [['--rename-retries', '99'], 2, 'BadInputError', /--rename-retries takes a whole number/],
    [['--root', '/nonexistent/catroot-repair-test'], 2, 'BadInputError', /./],
    [
      ['rollback', '--windir', '/nonexistent/Windows', '--services-file', '/nonexistent/services.json', '--yes'],
      2,
      'BadInputError',
      /\/nonexistent\/Windows is missing: not a Windows folder/,
    ],
    [['--version'], 0, undefined, /./],
    [['--help'], 0, undefined, /Usage: catroot-repair/],
  ])('%j: exit %i', async (args, code, type, stderr) => {
    const r = await cli([...args, '--json']);
    expect(r.code, r.stderr).toBe(code);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ ok: code === 0, exitCode: code });
    if (type) expect(doc.error.type).toBe(type);
    expect(r.stderr).toMatch(stderr);
  });
});
