import { execa } from 'execa';
import { cp } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { realFs } from '../../src/platform/real-fs.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';
import { affectedTree, CLI, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';

// Real processes, real folders: the built CLI is SIGKILLed at moments spread across a repair (and a
// rollback) of several thousand catalogs; a fresh process then rolls back or finishes the job.
const CATALOGS = 3000;
const KILLS = 10;
// Each kill point costs a copy of the tree, a run, a rerun and snapshots: about 15 clean runs' worth.
// The kill moments scale with a measured clean run; the budget is set for a machine four times slower
// than the one the suite was tuned on (there, each test took 15 to 30 s).
const BUDGET = { timeout: 8 * 60_000 };

async function copyOf(root: string) {
  const dir = await tempDir();
  await cp(root, join(dir, 'volume'), { recursive: true });
  return { root: join(dir, 'volume'), state: join(dir, 'state'), snap: () => snapshot(realFs(), join(dir, 'volume')) };
}

/** Starts the CLI and SIGKILLs it after `ms`; says whether the kill landed before the process ended. */
async function killAfter(args: string[], ms: number): Promise<boolean> {
  const child = execa(process.execPath, [CLI, ...args], { reject: false, stdio: 'ignore' });
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  const result = await child;
  clearTimeout(timer);
  return result.signal === 'SIGKILL';
}

async function timed(args: string[]): Promise<number> {
  const start = performance.now();
  const r = await execa(process.execPath, [CLI, ...args], { reject: false, stdio: 'ignore' });
  expect(r.exitCode).toBe(0);
  return performance.now() - start;
}

describe('SIGKILL at spread-out moments', () => {
  it(`of a repair of ${CATALOGS} catalogs: rollback restores, a rerun finishes`, BUDGET, async () => {
    const template = await affectedTree({ catalogs: CATALOGS });
    const original = await template.snap();
    const reference = await copyOf(template.root);
    const duration = await timed(['--root', reference.root, '--state-dir', reference.state, '--yes']);
    const endState = await reference.snap();

    let midRun = 0;
    for (let i = 1; i <= KILLS; i++) {
      const v = await copyOf(template.root);
      const args = ['--root', v.root, '--state-dir', v.state, '--yes'];
      if (await killAfter(args, (duration * i) / (KILLS + 1))) midRun++;
      expectEveryFileOnce(original, await v.snap());
      if (i % 2 === 1) {
        const back = await execa(process.execPath, [CLI, '--root', v.root, '--state-dir', v.state, '--rollback', '--yes'], { reject: false });
        expect([0, 11], back.stderr).toContain(back.exitCode);
        expect(await v.snap()).toEqual(original);
      } else {
        const again = await execa(process.execPath, [CLI, ...args], { reject: false });
        expect(again.exitCode, again.stderr).toBe(0);
        expect(await v.snap()).toEqual(endState);
      }
    }
    console.log(`process kills during repair: ${KILLS} kill points, ${midRun} landed mid-run (clean run ${duration.toFixed(0)} ms)`);
    expect(midRun).toBeGreaterThanOrEqual(KILLS / 2);
  });

  it('of a rollback: a second rollback restores the original tree', BUDGET, async () => {
    const template = await affectedTree({ catalogs: CATALOGS });
    const original = await template.snap();
    const repairedCopy = async () => {
      const v = await copyOf(template.root);
      await timed(['--root', v.root, '--state-dir', v.state, '--yes']);
      return v;
    };
    const probe = await repairedCopy();
    const duration = await timed(['--root', probe.root, '--state-dir', probe.state, '--rollback', '--yes']);

    let midRun = 0;
    const kills = KILLS / 2;
    for (let i = 1; i <= kills; i++) {
      const v = await repairedCopy();
      const args = ['--root', v.root, '--state-dir', v.state, '--rollback', '--yes'];
      if (await killAfter(args, (duration * i) / (kills + 1))) midRun++;
      const back = await execa(process.execPath, [CLI, ...args], { reject: false });
      expect([0, 11], back.stderr).toContain(back.exitCode);
      expect(await v.snap()).toEqual(original);
    }
    console.log(`process kills during rollback: ${kills} kill points, ${midRun} landed mid-run (clean rollback ${duration.toFixed(0)} ms)`);
  });
});
