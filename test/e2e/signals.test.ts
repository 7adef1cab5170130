import { execa } from 'execa';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/platform/real-fs.js';
import { affectedTree, CLI, INVOKED, tempDir } from '../helpers/cli.js';
import { signalMidRun } from '../helpers/signal-mid-run.js';
import { snapshot } from '../helpers/tree.js';

// SIGTERM (a service manager, `kill`) and SIGHUP (a closed terminal or SSH session) stop a run between
// journal groups, as Ctrl-C does: a run of 5,000 catalogs has about 10 groups of 512 moves.
const CATALOGS = 5_000;
// Three to four runs over trees of 5,000 files each, on a shared machine.
const TIMEOUT = 240_000;
/** 1603, as a POSIX shell sees it: 8 bits. */
const FAILED = process.platform === 'win32' ? 1603 : 1603 & 0xff;

async function copyOf(root: string) {
  const dir = await tempDir();
  await cp(root, join(dir, 'volume'), { recursive: true });
  return { root: join(dir, 'volume'), state: join(dir, 'state'), snap: () => snapshot(realFs(), join(dir, 'volume')) };
}

describe.each([
  ['SIGTERM', 'resume'],
  ['SIGHUP', 'rollback'],
] as const)('%s during a repair of 5,000 catalogs', (signal, then) => {
  it(
    `stops between groups with 1603 and the commands; ${then} then finishes`,
    async () => {
      const template = await affectedTree({ catalogs: CATALOGS });
      const original = await template.snap();
      const v = await copyOf(template.root);
      const args = ['--root', v.root, '--state-dir', v.state, '--yes'];
      const { result, seconds, before, after } = await signalMidRun(args, v.state, signal, 'done');
      expect(result.signal, 'the process was killed by the signal instead of stopping').toBeUndefined();
      expect(result.exitCode, result.stderr).toBe(FAILED);
      // The group in flight finishes and its done record is written; no later group starts.
      expect(after - before).toBeLessThanOrEqual(1);
      expect(seconds).toBeLessThan(5);
      expect(result.stderr).toContain(`stopped by ${signal} between journal groups`);
      expect(result.stderr).toContain(`Resume: ${INVOKED} --root ${v.root} --state-dir ${v.state} --yes`);
      expect(result.stderr).toContain(`Undo: ${INVOKED} --root ${v.root} --state-dir ${v.state} --rollback --yes`);

      const next = await execa(process.execPath, [CLI, ...args, ...(then === 'rollback' ? ['--rollback'] : [])], { reject: false });
      expect(next.exitCode, next.stderr).toBe(0);
      if (then === 'rollback') expect(await v.snap()).toEqual(original);
      else {
        const reference = await copyOf(template.root);
        expect((await execa(process.execPath, [CLI, '--root', reference.root, '--state-dir', reference.state, '--yes'], { reject: false })).exitCode).toBe(0);
        expect(await v.snap()).toEqual(await reference.snap());
      }
    },
    TIMEOUT,
  );
});

describe('SIGTERM during a rollback', () => {
  it(
    'stops between groups with 1603 and the command; a second rollback restores byte for byte',
    async () => {
      const template = await affectedTree({ catalogs: CATALOGS });
      const original = await template.snap();
      const v = await copyOf(template.root);
      const args = ['--root', v.root, '--state-dir', v.state, '--rollback', '--yes'];
      expect((await execa(process.execPath, [CLI, '--root', v.root, '--state-dir', v.state, '--yes'], { reject: false })).exitCode).toBe(0);
      const { result, seconds, before, after } = await signalMidRun(args, v.state, 'SIGTERM', 'undo-done');
      expect(result.exitCode, result.stderr).toBe(FAILED);
      expect(after - before).toBeLessThanOrEqual(1);
      expect(seconds).toBeLessThan(5);
      expect(result.stderr).toContain('stopped by SIGTERM between journal groups');
      expect(result.stderr).toContain(`Finish it: ${INVOKED} --root ${v.root} --state-dir ${v.state} --rollback --yes`);
      const again = await execa(process.execPath, [CLI, ...args], { reject: false });
      expect(again.exitCode, again.stderr).toBe(0);
      expect(await v.snap()).toEqual(original);
    },
    TIMEOUT,
  );
});
