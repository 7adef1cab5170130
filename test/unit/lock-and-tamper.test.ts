import { join } from 'node:path';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import type { JournalRecord } from '../../src/engine/journal/records.js';
import type { Fs } from '../../src/platform/fs.js';
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

/** Rewrites a journal as a catroot-repair before format 2 wrote it: intents without their actions. */
async function asFormat1(fs: Fs, path: string): Promise<void> {
  const records = decodeJournal((await fs.readFile(path)).toString());
  const old = records.map(({ seq, ...r }) => encodeRecord(seq, (r.type === 'intent' ? { type: 'intent', from: r.from, to: r.to } : r) as JournalRecord));
  await fs.removeFile(path);
  await fs.createFile(path, old.join(''));
}

describe('a tampered run folder', () => {
  async function repairedVolume() {
    const volume = affectedVolume({ catalogs: 10 });
    const { run } = (await repair(await volume.open(), { backupConfirmed: false })) as { run: { dir: string } };
    return { volume, planPath: join(run.dir, 'plan.json') };
  }

  it.each([
    ['2 (intents carry their actions): the plan is ignored and the run rolled back from the journal alone', 2],
    ['1 (intents carry nothing): refused, nothing moves', 1],
  ])('a plan whose bytes no longer match the journal, journal format %s', async (_name, format) => {
    const volume = affectedVolume({ catalogs: 10 });
    const original = await volume.snap();
    const { run } = (await repair(await volume.open(), { backupConfirmed: false })) as { run: { dir: string } };
    const planPath = join(run.dir, 'plan.json');
    if (format === 1) await asFormat1(volume.fs, join(run.dir, 'journal.jsonl'));
    const plan = (await volume.fs.readFile(planPath)).toString().replace('/volume/WINDOWS/system32/CatRoot/backup', '/etc');
    await volume.fs.removeFile(planPath);
    await volume.fs.createFile(planPath, plan);
    const before = await volume.snap();
    if (format === 2) {
      await rollback(await volume.open());
      expect(await volume.snap()).toEqual(original);
    } else {
      await expect(rollback(await volume.open())).rejects.toThrow(/does not match its journal/);
      expect(await volume.snap()).toEqual(before);
    }
    expect(await volume.fs.lstat('/etc')).toBeUndefined();
  });

  it.each([['/etc/passwd'], ['/volume/WINDOWS/../../etc/x'], ['relative/path']])(
    'refuses a journal pointing at %s even with matching checksums',
    async (evil) => {
      const { volume, planPath } = await repairedVolume();
      const { rewriteRun } = await import('../helpers/rewrite-run.js');
      await rewriteRun(volume.fs, planPath, (plan) => {
        const move = plan.steps.flatMap((s) => s.actions).find((a) => a.kind === 'move-file');
        if (move?.kind === 'move-file') move.from = evil;
      });
      const before = await volume.snap();
      await expect(rollback(await volume.open())).rejects.toBeInstanceOf(JournalError);
      expect(await volume.snap()).toEqual(before);
    },
  );
});
