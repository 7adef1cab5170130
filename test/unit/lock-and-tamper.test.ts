import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repair, rollback } from '../../src/repair/repair.js';
import { JournalError, RunInProgressError } from '../../src/errors.js';
import { fakeProcesses } from '../helpers/memory-world.js';
import { affectedVolume, STATE } from '../helpers/scenario.js';

describe('the lock', () => {
  it('refuses a second run while the holder lives', async () => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses(() => true) });
    await volume.fs.mkdir(STATE);
    await volume.fs.createFile(join(STATE, 'lock'), JSON.stringify({ pid: 99, host: 'test-host', at: 'now' }));
    const before = await volume.snap();
    await expect(repair(await volume.open(), { backupConfirmed: false })).rejects.toBeInstanceOf(RunInProgressError);
    expect(await volume.snap()).toEqual(before);
  });

  it('takes over the lock of a process that no longer exists', async () => {
    const volume = affectedVolume({ catalogs: 10 }, { processes: fakeProcesses(() => false) });
    await volume.fs.mkdir(STATE);
    await volume.fs.createFile(join(STATE, 'lock'), JSON.stringify({ pid: 99, host: 'test-host', at: 'now' }));
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
    expect(await volume.fs.lstat(join(STATE, 'lock'))).toBeUndefined();
  });
});

describe('a tampered run folder', () => {
  async function repairedVolume() {
    const volume = affectedVolume({ catalogs: 10 });
    const { run } = (await repair(await volume.open(), { backupConfirmed: false })) as { run: { dir: string } };
    return { volume, planPath: join(run.dir, 'plan.json') };
  }

  it('refuses a plan whose bytes no longer match the journal', async () => {
    const { volume, planPath } = await repairedVolume();
    const plan = (await volume.fs.readFile(planPath)).toString().replace('/volume/WINDOWS/system32/CatRoot/backup', '/etc');
    await volume.fs.removeFile(planPath);
    await volume.fs.createFile(planPath, plan);
    const before = await volume.snap();
    await expect(rollback(await volume.open())).rejects.toThrow(/does not match its journal/);
    expect(await volume.snap()).toEqual(before);
  });

  it.each([['/etc/passwd'], ['/volume/WINDOWS/../../etc/x'], ['relative/path']])('refuses a journal pointing at %s even with matching checksums', async (evil) => {
    const { volume, planPath } = await repairedVolume();
    const { rewriteRun } = await import('../helpers/rewrite-run.js');
    await rewriteRun(volume.fs, planPath, (plan) => {
      const move = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'move-file');
      if (move?.kind === 'move-file') move.from = evil;
    });
    const before = await volume.snap();
    await expect(rollback(await volume.open())).rejects.toBeInstanceOf(JournalError);
    expect(await volume.snap()).toEqual(before);
  });
});
