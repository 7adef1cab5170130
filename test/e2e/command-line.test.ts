import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

describe('rollback is a command', () => {
  it.each([
    ['rollback', ['rollback', '-y']],
    ['--rollback', ['--rollback', '--yes']],
    ['rollback --run <id>', ['rollback', '--yes', '--run', '<id>']],
  ])('%s undoes the repair byte for byte', async (_name, undo) => {
    const t = await affectedTree({ catalogs: 20 });
    const original = await t.snap();
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const repaired = await cli([...base, '-y']);
    expect(repaired.code, repaired.stderr).toBe(0);
    const runId = JSON.parse(repaired.stdout).result.runId as string;
    const r = await cli([...undo.map((a) => (a === '<id>' ? runId : a)), ...base]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).rollback).toMatchObject({ runId, conflicts: [] });
    expect(await t.snap()).toEqual(original);
  });

  it('rollback --dry-run changes nothing', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const base = ['--root', t.root, '--state-dir', t.state];
    expect((await cli([...base, '--yes'])).code).toBe(0);
    const before = await t.snapAll();
    const r = await cli(['rollback', '--dry-run', ...base]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Dry run: the rollback would undo them/);
    expect(await t.snapAll()).toEqual(before);
  });
});

describe('an unknown command gets a suggestion, not "too many arguments"', () => {
  it.each([
    [['rollbak'], /unknown command 'rollbak'\n\(Did you mean rollback\?\)/],
    [['stauts'], /unknown command 'stauts'\n\(Did you mean status\?\)/],
    [['--root', '/mnt/sbs', 'diagnosis'], /unknown command 'diagnosis'\n\(Did you mean diagnose\?\)/],
    [['frobnicate'], /unknown command 'frobnicate'$/],
  ])('%j: exit 2', async (args, message) => {
    const r = await cli(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/too many arguments/);
    const j = await cli([...args, '--json']);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { type: 'UsageError', message: expect.stringMatching(message) } });
  });
});

describe('an option the command would ignore is refused (exit 2), before anything is read or written', () => {
  it.each([
    [['--installer', 'sp2.exe'], /--installer runs the service pack on the server itself, so it does not go with --root/],
    [['--installer-args', '/quiet'], /--installer-args runs the service pack on the server itself, so it does not go with --root/],
    [['status', '--rollback'], /--rollback and status are two commands; give one of them/],
    [
      ['diagnose', '--dry-run'],
      /--dry-run does nothing with diagnose \(it only reads the logs\); nothing was changed\n {2}--dry-run goes with a repair \(no command\), rollback and demo\./,
    ],
    [['script', '--out', '-'], /--root does nothing with script \(it only writes catroot-repair\.cmd\)/],
    [['verify', '-y'], /--yes does nothing with verify \(it only reads\)/],
    [['status', '--force'], /--force does nothing with status/],
    [['rollback', '--force', '--yes'], /--force does nothing with rollback \(it undoes a run\)/],
    [['--rollback', '--installer', 'sp2.exe', '--yes'], /--installer does nothing with rollback/],
    [['diagnose', '--rename-retries', '3'], /--rename-retries does nothing with diagnose/],
    [['demo', '--yes'], /--root does nothing with demo/],
  ])('--root <volume> %j', async (args, message) => {
    const t = await affectedTree({ catalogs: 5 });
    const before = await t.snapAll();
    const r = await cli(['--root', t.root, ...args], {}, t.dir);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await t.snapAll()).toEqual(before);
    const j = await cli(['--root', t.root, ...args, '--json'], {}, t.dir);
    expect(j.code).toBe(2);
    expect(JSON.parse(j.stdout)).toMatchObject({
      ok: false,
      exitCode: 2,
      error: { type: 'BadInputError', message: expect.stringMatching(/nothing was changed$/) },
    });
  });

  it('the same system flags reach the system with every command that looks at it', async () => {
    const t = await affectedTree({ catalogs: 5 });
    const base = ['--root', t.root, '--state-dir', t.state, '--verbose', '--json'];
    for (const [args, code] of [
      [['diagnose'], 0],
      [['--dry-run'], 0],
      [['-y'], 0],
      [['status'], 0],
      [['verify'], 0],
      [['rollback', '--dry-run'], 0],
    ] as const) {
      const r = await cli([...args, ...base]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(code);
    }
  });
});
