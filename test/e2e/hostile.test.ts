import { appendFile, chmod, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { affectedTree, cli, CLI } from '../helpers/cli.js';
import { rewriteRun } from '../helpers/rewrite-run.js';
import { isHotfixCatalog } from '../../src/diagnosis/hotfix-catalogs.js';

const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';
const EXIT_1618 = process.platform === 'win32' ? 1618 : 1618 % 256;

async function repairedTree() {
  const t = await affectedTree({ catalogs: 60 });
  const original = await t.snap();
  const args = ['--root', t.root, '--state-dir', t.state];
  expect((await cli([...args, '--yes'])).code).toBe(0);
  const runs = join(t.state, 'runs');
  const runDir = join(runs, (await readdir(runs))[0] as string);
  return { t, original, args, runDir, journal: join(runDir, 'journal.jsonl') };
}

describe('hostile journals', () => {
  it('a torn last record is ignored: rollback still restores everything', async () => {
    const { t, original, args, journal } = await repairedTree();
    await appendFile(journal, '{"seq":99,"type":"undo-int');
    expect((await cli([...args, '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('a flipped byte in the middle: refused with exit 12, nothing moved', async () => {
    const { t, args, journal } = await repairedTree();
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[2] = (lines[2] as string).replace('"intent"', '"intenT"');
    await writeFile(journal, lines.join('\n'));
    const before = await t.snap();
    const r = await cli([...args, '--rollback', '--yes']);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/damaged at line 3/);
    expect(await t.snap()).toEqual(before);
  });

  it('an emptied journal beside the run\'s manifests is a damaged run, not "no run": refused, nothing changed', async () => {
    const { args, journal, t } = await repairedTree();
    await writeFile(journal, '');
    const before = await t.snap();
    const r = await cli([...args, '--rollback', '--yes']);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/journal.*empty[\s\S]*cannot prove what it did/);
    expect(await t.snap()).toEqual(before);
  });

  it('a journal from another system is refused', async () => {
    const { t } = await repairedTree();
    const other = await affectedTree({ catalogs: 5 });
    const before = await other.snap();
    const r = await cli(['--root', other.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/belongs to/);
    expect(await other.snap()).toEqual(before);
  });

  it.each([['/etc/passwd'], ['/tmp/../etc/shadow']])('a re-signed journal pointing at %s is refused; nothing outside is touched', async (evil) => {
    const { t, args, runDir } = await repairedTree();
    await rewriteRun(realFs(), join(runDir, 'plan.json'), (plan) => {
      const move = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'move-file');
      if (move?.kind === 'move-file') move.to = evil;
    });
    const before = await t.snap();
    const r = await cli([...args, '--rollback', '--yes']);
    expect(r.code).toBe(12);
    expect(r.stderr).toMatch(/outside/);
    expect(await t.snap()).toEqual(before);
  });
});

describe('hostile and unusual trees', () => {
  it('names with spaces, Unicode, trailing dots, mixed case, zero bytes and read-only files', async () => {
    const odd = ['KB 123 copy.cat', 'KB名前.cat', 'Q1.txt.', 'kb5.CAT', 'qÜber', 'TmP.Cat', 'KB0.cat'];
    const extra = Object.fromEntries(odd.map((n) => [`${CATALOGS}/${n}`, n === 'KB0.cat' ? Buffer.alloc(0) : catalogBytes(n)]));
    const t = await affectedTree({ catalogs: 20, extra: { ...extra, [`${CATALOGS}/KB 9.cat.old`]: 'not a catalog' } });
    await chmod(join(t.root, CATALOGS, 'kb5.CAT'), 0o444);
    const original = await t.snap();
    const args = ['--root', t.root, '--state-dir', t.state];
    const r = await cli([...args, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    const after = await t.snap();
    for (const n of odd) expect(after[`WINDOWS/system32/CatRoot/backup/${n}`], n).toBe(original[`${CATALOGS}/${n}`]);
    expect(after[`${CATALOGS}/KB 9.cat.old`]).toBe(original[`${CATALOGS}/KB 9.cat.old`]);
    expect((await stat(join(t.root, 'WINDOWS/system32/CatRoot/backup/kb5.CAT'))).mode & 0o777).toBe(0o444);
    expect((await cli([...args, '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('two runs at once: the second gets "another run in progress", nothing lost', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const { mkdir } = await import('node:fs/promises');
    await mkdir(t.state, { recursive: true });
    // Held by a live process: this test runner.
    await writeFile(join(t.state, 'lock'), JSON.stringify({ pid: process.pid, host: (await import('node:os')).hostname(), at: 'now' }));
    const before = await t.snap();
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code).toBe(EXIT_1618);
    expect(r.stderr).toMatch(/another catroot-repair run holds/);
    expect(await t.snap()).toEqual(before);
  });

  it('two real CLIs racing: the one that comes second gets exit 1618 and changes nothing; the first finishes', async () => {
    const t = await affectedTree({ catalogs: 3000 });
    const { execa } = await import('execa');
    const { existsSync } = await import('node:fs');
    const cliPath = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'catroot-repair.mjs');
    const args = ['--root', t.root, '--state-dir', t.state, '--yes'];
    const first = execa(process.execPath, [cliPath, ...args], { reject: false });
    const until = Date.now() + 20_000;
    while (!existsSync(join(t.state, 'lock')) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    // The first run, once it holds the lock, is paused while the second starts: otherwise a fast first
    // run can finish before node has even loaded the second, which then finds nothing to do.
    first.kill('SIGSTOP');
    expect(existsSync(join(t.state, 'lock')), 'the first run still holds its lock').toBe(true);
    const second = await execa(process.execPath, [cliPath, ...args], { reject: false });
    first.kill('SIGCONT');
    const firstResult = await first;
    expect(firstResult.exitCode, firstResult.stderr).toBe(0);
    expect(second.exitCode).toBe(EXIT_1618);
    expect(second.stderr).toMatch(/another catroot-repair run holds/);
    expect(existsSync(join(t.state, 'lock'))).toBe(false);
    expect((await cli(['verify', '--root', t.root, '--state-dir', t.state])).code).toBe(0);
  });

  it('a second repair after a rollback repairs again, and its rollback restores again', async () => {
    const { t, original, args } = await repairedTree();
    expect((await cli([...args, '--rollback', '--yes'])).code).toBe(0);
    const again = await cli([...args, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toMatch(/already done/);
    expect((await cli([...args, '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('a 200 MB svcpack.log is streamed: the diagnosis finds the last session in bounded memory', async () => {
    const t = await affectedTree({ catalogs: 5 });
    const path = join(t.root, 'WINDOWS/svcpack.log');
    const noise = '12.345: InternalFileName of C:\\WINDOWS\\system32\\HAL.DLL is Not Equal To Unisys CMP Server ACPI HAL\r\n'.repeat(10_000);
    for (let i = 0; i < 200; i++) await appendFile(path, noise);
    await appendFile(
      path,
      '0.1: 2026/11/22 03:00:00.000 (local)\r\n44.578: InstallCatalogFile: InstallCatalog failed for c:\\windows\\x.cat error=0xfffffbfe.\r\n',
    );
    expect((await stat(path)).size).toBeGreaterThan(200e6);
    const { execa } = await import('execa');
    const r = await execa(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, join(import.meta.dirname, '..', '..', 'dist', 'bin', 'catroot-repair.mjs'), 'diagnose', '--root', t.root, '--json'],
      { reject: false },
    );
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).diagnosis.latestSession.started).toBe('2026/11/22 03:00:00.000');
    // Loading it whole would need well over 400 MiB.
    expect(Number(r.stderr.trim().split('\n').at(-1)) / 1024).toBeLessThan(200);
  });
});

describe('a reader that goes away (| head)', () => {
  /** Runs the CLI with its output piped to a reader that closes the pipe after the first chunk. */
  async function closingReader(args: string[]) {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { code, stderr };
  }

  it.each([
    ['--dry-run', [] as string[], (before: Record<string, string>, after: Record<string, string>) => expect(after).toEqual(before)],
    [
      'a repair',
      ['--yes'],
      (before: Record<string, string>, after: Record<string, string>) => {
        const hotfixes = (tree: Record<string, string>, dir: string) =>
          Object.keys(tree).filter((p) => p.startsWith(`${dir}/`) && isHotfixCatalog(p.slice(dir.length + 1)));
        expect(hotfixes(after, CATALOGS)).toEqual([`${CATALOGS}/KB912354.CAT`]);
        expect(hotfixes(after, 'WINDOWS/system32/CatRoot/backup')).toHaveLength(hotfixes(before, CATALOGS).length);
      },
    ],
  ])('%s: no crash, exit 0, and the work is what it would have been', async (_name, extra, check) => {
    const t = await affectedTree({ catalogs: 3000 });
    const before = await t.snap();
    const r = await closingReader(['--root', t.root, '--state-dir', t.state, ...(extra.length ? extra : ['--dry-run'])]);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(r.code).toBe(0);
    check(before, await t.snap());
  });
});
