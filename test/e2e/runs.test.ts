import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { affectedTree, cli, CLI, runAsPrinted } from '../helpers/cli.js';

const EXIT_1618 = process.platform === 'win32' ? 1618 : 1618 % 256;
const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

/** The original tree plus the catalog installed between the two repairs, back in its place. */
function withLateCatalog(original: Record<string, string>, now: Record<string, string>) {
  const { [`${CATALOGS}/KB990001.cat`]: late, ...rest } = now;
  expect(late).toMatch(/^[0-9a-f]{64}$/);
  expect(rest).toEqual(original);
}

describe('the history of runs: status, --rollback again and again, --run', () => {
  it('lists runs newest first, refuses to undo one beneath a standing run, and undoes them newest first', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const original = await t.snap();
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const json = async (args: string[], code = 0) => {
      const r = await cli([...args, ...base]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
      return { doc: JSON.parse(r.stdout), stderr: r.stderr };
    };
    const first = (await json(['--yes'])).doc.result.runId as string;
    await writeFile(join(t.root, CATALOGS, 'KB990001.cat'), catalogBytes('KB990001.cat'));
    const second = (await json(['--yes'])).doc.result.runId as string;

    const { doc: status } = await json(['status']);
    expect(status.runs).toMatchObject([
      { runId: second, playbook: 'catalog-overflow', sequence: 2, previous: first, state: 'applied' },
      { runId: first, playbook: 'catalog-overflow', sequence: 1, state: 'applied' },
    ]);
    expect(status.status).toMatchObject({ runId: second, playbook: 'catalog-overflow', state: 'applied' });
    expect((await cli(['status', '--root', t.root, '--state-dir', t.state])).stdout).toMatch(/^ {2}playbook: catalog-overflow$/m);
    expect((await json(['status', '--run', first])).doc.status.runId).toBe(first);

    const before = await t.snapAll();
    const refused = await json(['--rollback', '--yes', '--run', first], 2);
    expect(refused.stderr).toContain(`newer run ${second}`);
    expect(await t.snapAll()).toEqual(before);
    await json(['verify', '--run', 'no-such-run'], 11);
    const misplaced = await cli(['diagnose', '--run', first, '--root', t.root]);
    expect(misplaced.code).toBe(2);
    expect(misplaced.stderr).toMatch(/--run does nothing with diagnose[^\n]*\n {2}--run goes with rollback, verify and status/);

    expect((await json(['--rollback', '--yes'])).doc.rollback.runId).toBe(second);
    expect((await json(['--rollback', '--yes'])).doc.rollback.runId).toBe(first);
    withLateCatalog(original, await t.snap());
    await json(['--rollback', '--yes'], 11);
    expect((await json(['status'])).doc.runs.map((r: { state: string }) => r.state)).toEqual(['rolled-back', 'rolled-back']);
  });

  it('--run picks an older run once the newer ones are rolled back', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const original = await t.snap();
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const first = JSON.parse((await cli([...base, '--yes'])).stdout).result.runId as string;
    await writeFile(join(t.root, CATALOGS, 'KB990001.cat'), catalogBytes('KB990001.cat'));
    expect((await cli([...base, '--yes'])).code).toBe(0);
    expect((await cli([...base, '--rollback', '--yes'])).code).toBe(0);
    const r = await cli([...base, '--rollback', '--yes', '--run', first]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rollback.runId).toBe(first);
    withLateCatalog(original, await t.snap());
  });
});

describe('a state folder inside the catalog store', () => {
  it('is refused up front with exit 2, naming the folder and a place to use; nothing is written', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const before = await t.snapAll();
    const inside = join(t.root, 'WINDOWS', 'system32', 'catroot2', 'state');
    const r = await cli(['--root', t.root, '--state-dir', inside, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`the state folder ${inside} is inside ${join(t.root, 'WINDOWS', 'system32', 'catroot2')}`);
    expect(r.stderr).toContain(join(t.root, 'WINDOWS', 'catroot-repair'));
    expect(await t.snapAll()).toEqual(before);
  });
});

describe('the lock belongs to the Windows folder', () => {
  it('two real CLIs with different --state-dir on one Windows folder: the second gets 1618 and changes nothing', async () => {
    const t = await affectedTree({ catalogs: 3000 });
    const { execa } = await import('execa');
    const { existsSync } = await import('node:fs');
    const systemLock = join(t.root, 'WINDOWS', 'catroot-repair.lock');
    const other = join(t.dir, 'other-state');
    const first = execa(process.execPath, [CLI, '--root', t.root, '--state-dir', t.state, '--yes'], { reject: false });
    const until = Date.now() + 20_000;
    while (!existsSync(systemLock) && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    // Paused while it holds the lock, so the second run certainly comes while the first is active.
    first.kill('SIGSTOP');
    expect(existsSync(systemLock), 'the first run holds the system lock').toBe(true);
    const before = await t.snapAll();
    const second = await execa(process.execPath, [CLI, '--root', t.root, '--state-dir', other, '--yes'], { reject: false });
    const after = await t.snapAll();
    first.kill('SIGCONT');
    const firstResult = await first;
    expect(second.exitCode, second.stderr).toBe(EXIT_1618);
    expect(second.stderr).toContain(`another catroot-repair run holds ${systemLock}`);
    expect(after).toEqual(before);
    expect(existsSync(other)).toBe(false);
    expect(firstResult.exitCode, firstResult.stderr).toBe(0);
    expect(existsSync(systemLock)).toBe(false);
    expect((await cli(['verify', '--root', t.root, '--state-dir', t.state])).code).toBe(0);
  });
});

describe('a run killed before its first journal record', () => {
  it.each([
    ['a dead process on this host', (host: string) => JSON.stringify({ pid: 2 ** 22 + 12345, host, at: 'then' }), 11, false],
    ["an empty lock (damaged: not provably the tool's, so kept aside, not removed)", () => '', 11, true],
    ['a live process on this host', (host: string) => JSON.stringify({ pid: process.pid, host, at: 'now' }), EXIT_1618, false],
  ])(
    'left only its lock beside the Windows folder (%s): --rollback leaves the tree as it was before the run, or refuses',
    async (_name, holder, code, kept) => {
      const t = await affectedTree({ catalogs: 5 });
      const original = await t.snap();
      const lock = join(t.root, 'WINDOWS', 'catroot-repair.lock');
      await writeFile(lock, holder(hostname()));
      const r = await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
      expect(r.code, r.stderr).toBe(code);
      const now = await t.snap();
      if (kept) {
        expect(r.stderr).toContain(`note: ${lock} held no catroot-repair lock`);
        expect(now).toEqual({ ...original, 'WINDOWS/catroot-repair.lock.damaged-1': now['WINDOWS/catroot-repair.lock.damaged-1'] });
        expect(await readFile(`${lock}.damaged-1`, 'utf8')).toBe('');
      } else if (code === 11) expect(now).toEqual(original);
      else expect(now['WINDOWS/catroot-repair.lock']).toBeDefined();
    },
  );
});

describe('a run killed after its last record, before it let go of its lock', () => {
  it('a second run says "already done", changes nothing, and clears the dead run\'s lock beside the Windows folder', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const base = ['--root', t.root, '--state-dir', t.state, '--yes'];
    expect((await cli(base)).code).toBe(0);
    const repaired = await t.snap();
    await writeFile(join(t.root, 'WINDOWS', 'catroot-repair.lock'), JSON.stringify({ pid: 2 ** 22 + 12345, host: hostname(), at: 'then' }));
    const again = await cli(base);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/already done/);
    expect(await t.snap()).toEqual(repaired);
  });
});

describe('a way forward from a stopped run', () => {
  it('status prints the resume and rollback commands, runnable as printed; verify says to resume', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const original = await t.snap();
    const base = ['--root', t.root, '--state-dir', t.state];
    const done = JSON.parse((await cli([...base, '--yes', '--json'])).stdout);
    // The run as a killed process leaves it: the journal ends before its last group's done record.
    const journal = join(done.result.runDir ?? join(t.state, 'runs', done.result.runId), 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n').filter(Boolean);
    const lastIntent = lines.findLastIndex((l) => l.includes('"type":"intent"'));
    await writeFile(journal, `${lines.slice(0, lastIntent + 1).join('\n')}\n`);

    const status = JSON.parse((await cli([...base, 'status', '--json'])).stdout).status;
    expect(status.state).toBe('applying');
    expect(Object.keys(status.next)).toEqual(['resume', 'rollback']);
    const verify = await cli([...base, 'verify']);
    expect(verify.code).toBe(11);
    expect(verify.stderr).toMatch(/is unfinished \(applying\).*\n.*Resume it/);

    expect((await runAsPrinted(status.next.resume)).code).toBe(0);
    const after = JSON.parse((await cli([...base, 'status', '--json'])).stdout).status;
    expect(after.state).toBe('applied');
    expect((await runAsPrinted(after.next.rollback)).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });
});
