import { execa } from 'execa';
import { copyFile, readdir, readFile, rename, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, CLI, cli } from '../helpers/cli.js';

const EXIT_1603 = process.platform === 'win32' ? 1603 : 1603 % 256;
const COMMANDS: Array<[string, string[]]> = [
  ['repair', ['--yes']],
  ['--rollback', ['--rollback', '--yes']],
  ['status', ['status']],
  ['verify', ['verify']],
  ['diagnose', ['diagnose']],
];

/** The built CLI, killed if it has not answered in 20 s: a state file that hangs the tool fails the test instead of the suite. */
async function cliWithin(args: string[]) {
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore', timeout: 20_000 });
  return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr, timedOut: r.timedOut };
}

/** A finished repair of a 60-catalog tree; `unfinished` drops the journal's last record ("applied"), as a run killed at its very end leaves it. */
async function repaired(unfinished = false) {
  const t = await affectedTree({ catalogs: 60 });
  const original = await t.snap();
  const args = ['--root', t.root, '--state-dir', t.state];
  const first = await cli([...args, '--yes']);
  expect(first.code, first.stderr).toBe(0);
  const runs = join(t.state, 'runs');
  const runDir = join(runs, (await readdir(runs))[0] as string);
  const journal = join(runDir, 'journal.jsonl');
  if (unfinished) {
    const lines = (await readFile(journal, 'utf8')).trimEnd().split('\n');
    expect(lines.at(-1)).toMatch(/"state":"applied"/);
    await writeFile(journal, `${lines.slice(0, -1).join('\n')}\n`);
  }
  return { t, original, args, runDir, journal, plan: join(runDir, 'plan.json') };
}

describe('a run folder with plan.json deleted', () => {
  it.each<[string, number, string[], RegExp]>([
    ['repair (resume)', 12, ['--yes'], /plan\.json[\s\S]*--rollback/],
    ['status', 0, ['status'], /state: applying[\s\S]*plan\.json/],
    ['verify', 11, ['verify'], /is unfinished \(applying\)[\s\S]*Undo it with --rollback \(resuming needs its plan\.json\)/],
    ['diagnose', 0, ['diagnose'], /AFFECTED|RESOLVED|NOT THIS/],
  ])('of an unfinished run: %s answers clearly (exit %i), no raw ENOENT', async (_name, code, extra, message) => {
    const { args, plan, t } = await repaired(true);
    await unlink(plan);
    const before = await t.snap();
    const r = await cliWithin([...args, ...extra]);
    expect(r.code, r.stderr).toBe(code);
    expect(`${r.stdout}\n${r.stderr}`).toMatch(message);
    expect(r.stderr).not.toMatch(/ENOENT/);
    expect(await t.snap()).toEqual(before);
  });

  it('of an unfinished run: --rollback restores the original tree from the journal alone', async () => {
    const { args, plan, t, original } = await repaired(true);
    await unlink(plan);
    const r = await cliWithin([...args, '--rollback', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('of a finished run: verify checks it against the journal and says so; rollback restores', async () => {
    const { args, plan, t, original } = await repaired();
    await unlink(plan);
    const v = await cliWithin([...args, 'verify']);
    expect(v.code, v.stderr).toBe(0);
    expect(v.stdout).toMatch(/plan\.json[^\n]*journal/);
    const again = await cliWithin([...args, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    const r = await cliWithin([...args, '--rollback', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('plan.json a link to a copy elsewhere: not followed; rollback works from the journal', async () => {
    const { args, plan, t, original } = await repaired(true);
    await copyFile(plan, join(t.dir, 'plan-copy.json'));
    await unlink(plan);
    await symlink(join(t.dir, 'plan-copy.json'), plan);
    const s = await cliWithin([...args, 'status']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.stdout).toMatch(/plan\.json[^\n]*link/);
    const r = await cliWithin([...args, '--rollback', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(await t.snap()).toEqual(original);
  });
});

describe('a journal.jsonl that is a link', () => {
  it.each(COMMANDS.flatMap(([name, extra]) => [['/dev/zero', name, extra] as const, ['a copy of the journal elsewhere', name, extra] as const]))(
    'to %s: %s is refused at once (exit 12; diagnose 0), nothing followed or changed',
    async (target, name, extra) => {
      const { args, journal, t } = await repaired();
      const to = target === '/dev/zero' ? '/dev/zero' : join(t.dir, 'journal-copy.jsonl');
      if (to !== '/dev/zero') await copyFile(journal, to);
      await unlink(journal);
      await symlink(to, journal);
      const before = await t.snap();
      const r = await cliWithin([...args, ...extra]);
      expect(r.timedOut, 'the command hung').toBe(false);
      expect(r.code, r.stderr).toBe(name === 'diagnose' ? 0 : 12);
      if (name !== 'diagnose') expect(r.stderr).toMatch(/journal\.jsonl[^\n]*(link|not a regular file)/);
      expect(r.stderr).not.toMatch(/ENOENT/);
      expect(await t.snap()).toEqual(before);
    },
  );
});

describe('a run folder with manifest.d deleted', () => {
  it('verify fails (exit 1603), naming how many files are unaccounted for', async () => {
    const { args, runDir } = await repaired();
    await rm(join(runDir, 'manifest.d'), { recursive: true });
    const r = await cliWithin([...args, 'verify']);
    expect(r.code).toBe(EXIT_1603);
    expect(r.stdout).toMatch(/66 file\(s\)[^\n]*no manifest record/);
  });

  it.each([
    ['status', 0, ['status']],
    ['--rollback', 0, ['--rollback', '--yes']],
  ] as const)('%s still works (exit %i)', async (_name, code, extra) => {
    const { args, runDir, t, original } = await repaired();
    await rename(join(runDir, 'manifest.d'), join(t.dir, 'aside'));
    const r = await cliWithin([...args, ...extra]);
    expect(r.code, r.stderr).toBe(code);
    if (extra[0] === '--rollback') expect(await t.snap()).toEqual(original);
  });
});
