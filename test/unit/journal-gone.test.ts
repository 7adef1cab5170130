import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JournalError } from '../../src/errors.js';
import { repair, rollback, verifyLatest } from '../../src/repair/repair.js';
import { listRuns, rollbackTarget } from '../../src/repair/runs.js';
import { affectedVolume, repairedVolume, STATE } from '../helpers/scenario.js';

const RUNS = join(STATE, 'runs');

async function runDirOf(volume: Awaited<ReturnType<typeof repairedVolume>>['volume']) {
  const [entry] = await volume.fs.readdir(RUNS);
  return join(RUNS, entry?.name as string);
}

describe('a run folder whose journal is gone but whose manifests show that actions ran', () => {
  it.each<[string, (fs: Awaited<ReturnType<typeof repairedVolume>>['volume']['fs'], journal: string) => Promise<void>]>([
    ['journal.jsonl deleted', async (fs, journal) => fs.removeFile(journal)],
    ['journal.jsonl emptied', async (fs, journal) => (await fs.removeFile(journal), await fs.createFile(journal, ''))],
  ])('%s: every command refuses (JournalError), naming the folder and the manifest; nothing changes', async (_name, damage) => {
    const { volume } = await repairedVolume(10);
    const dir = await runDirOf(volume);
    await damage(volume.fs, join(dir, 'journal.jsonl'));
    const before = await volume.snap();
    const attempts: Array<[string, () => Promise<unknown>]> = [
      ['status', async () => listRuns(await volume.open())],
      ['--rollback', async () => rollback(await volume.open())],
      ['rollback target', async () => rollbackTarget(await volume.open())],
      ['verify', async () => verifyLatest(await volume.open())],
      ['repair', async () => repair(await volume.open(), { backupConfirmed: false })],
    ];
    for (const [what, attempt] of attempts) {
      const error = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error, what).toBeInstanceOf(JournalError);
      const text = `${(error as JournalError).message} ${(error as JournalError).hint ?? ''}`;
      expect(text, what).toContain(dir);
      expect(text, what).toMatch(/journal.*(missing|empty)[\s\S]*cannot prove[\s\S]*manifest/);
    }
    expect(await volume.snap()).toEqual(before);
  });

  it('a folder with only plan.json (a crash before the begin record) changed nothing and is still skipped', async () => {
    const volume = affectedVolume({ catalogs: 5 });
    await volume.fs.mkdir(STATE);
    await volume.fs.mkdir(RUNS);
    const dir = join(RUNS, '000001-20260101T000000-000Z');
    await volume.fs.mkdir(dir);
    await volume.fs.createFile(join(dir, 'plan.json'), '{"torn');
    expect(await listRuns(await volume.open())).toEqual([]);
    await volume.fs.createFile(join(dir, 'journal.jsonl'), '');
    expect(await listRuns(await volume.open())).toEqual([]);
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
  });
});
