import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';
import { converse, hasTmux, type Exchange } from '../helpers/pty.js';

if (!hasTmux) console.warn('SKIPPED: the answers-in-a-terminal tests need tmux (apt-get install tmux)');

const BACKUP = /Does a full system-state backup of this server exist/;
const GO_ON = /Go on without a system-state backup\?/;
const SHOW = /Show every file the plan touches\?/;
const APPLY = /Apply this plan now\?/;
const NO = ['n', 'Enter'];
const YES = ['y', 'Enter'];

describe.runIf(hasTmux)('No to a question that stops the run: exit 130, nothing changed (the built CLI in a terminal)', () => {
  it.each<[string, Exchange[]]>([
    [
      'no backup (Enter: the default), then No to going on without one',
      [
        [BACKUP, ['Enter']],
        [GO_ON, NO],
      ],
    ],
    [
      'a backup, then No to the plan',
      [
        [BACKUP, YES],
        [SHOW, NO],
        [APPLY, NO],
      ],
    ],
    ['Ctrl-C at the backup question (the same code)', [[BACKUP, ['C-c']]]],
  ])('repair: %s', async (_name, exchanges) => {
    const t = await affectedTree({ catalogs: 20 });
    const before = await t.snapAll();
    const { code, screen } = await converse(await tempDir(), ['--root', t.root, '--state-dir', t.state], exchanges);
    expect(code, screen).toBe(130);
    expect(screen).toMatch(
      exchanges[0]?.[1][0] === 'C-c'
        ? /cancelled at a question \(Ctrl-C\); nothing was changed/
        : /cancelled at a question \(answered No\); nothing was changed/,
    );
    if (exchanges[1]?.[0] === GO_ON) expect(screen).toMatch(/It does not cover the rest of the system: the\s+registry, other services/);
    expect(await t.snapAll()).toEqual(before);
  });

  it('rollback --json: No to "Undo this run?"; the JSON document says so', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const base = ['--root', t.root, '--state-dir', t.state];
    expect((await cli([...base, '--yes'])).code).toBe(0);
    const before = await t.snapAll();
    const dir = await tempDir();
    const { code, screen } = await converse(
      dir,
      ['rollback', ...base, '--json', '>', join(dir, 'out.json')],
      [[/Undo this run and restore the catalog store as it was\?/, NO]],
    );
    expect(code, screen).toBe(130);
    expect(JSON.parse(await readFile(join(dir, 'out.json'), 'utf8'))).toMatchObject({
      ok: false,
      exitCode: 130,
      error: { type: 'CancelledError', message: 'cancelled at a question (answered No); nothing was changed' },
    });
    expect(await t.snapAll()).toEqual(before);
  });
});

describe.runIf(hasTmux)('no backup, but going on', () => {
  it('says what rollback covers and what it does not, repairs, and records the backup as not confirmed', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const base = ['--root', t.root, '--state-dir', t.state];
    const { code, screen } = await converse(await tempDir(), base, [
      [BACKUP, NO],
      [GO_ON, YES],
      [SHOW, NO],
      [APPLY, YES],
    ]);
    expect(code, screen).toBe(0);
    expect(screen).toMatch(/this tool's rollback is the way back\. It covers every change this\s+tool makes to files and folders, byte for byte/);
    expect(screen).toMatch(/To undo:/);
    const status = await cli(['status', ...base, '--json']);
    expect(JSON.parse(status.stdout).status.backupConfirmed).toBe(false);
  });
});
