import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import type { JournalRecord } from '../../src/engine/journal/records.js';
import { JournalError } from '../../src/errors.js';
import { repair, rollback, verifyLatest } from '../../src/repair/repair.js';
import { latestRun } from '../../src/repair/runs.js';
import { affectedVolume, repairedVolume, STATE, withoutSystemLock } from '../helpers/scenario.js';

type Volume = ReturnType<typeof affectedVolume>;
const pristine = affectedVolume({ catalogs: 1300 });

/** A run stopped halfway through its 1,300 moves (the k-th mutating operation never happened): returns the volume and its run folder. */
async function crashedHalfway(): Promise<{ volume: Volume; original: Record<string, string>; runDir: string }> {
  const clean = pristine.copy();
  const { system, count } = await clean.counting();
  await repair(system, { backupConfirmed: false });
  const volume = pristine.copy();
  const original = await volume.snap();
  await expect(repair(await volume.open({ kind: 'crash', at: Math.floor(count() / 2) }), { backupConfirmed: false })).rejects.toThrow();
  const runs = join(STATE, 'runs');
  return { volume, original, runDir: join(runs, (await volume.fs.readdir(runs))[0]?.name ?? '') };
}

async function rewriteJournal(volume: Volume, runDir: string, edit: (r: JournalRecord) => JournalRecord): Promise<void> {
  const path = join(runDir, 'journal.jsonl');
  const records = decodeJournal((await volume.fs.readFile(path)).toString());
  await volume.fs.removeFile(path);
  await volume.fs.createFile(path, records.map(({ seq, ...r }) => encodeRecord(seq, edit(r as JournalRecord))).join(''));
}

/** What a run made before journal format 2 looks like: no format in begin, no actions in the intents. */
const asFormat1 = (r: JournalRecord): JournalRecord => {
  if (r.type === 'begin') {
    const { format: _format, ...rest } = r;
    return rest;
  }
  return r.type === 'intent' ? { type: 'intent', from: r.from, to: r.to } : r;
};

const damage: Array<[string, (volume: Volume, plan: string) => Promise<void>]> = [
  ['deleted', async (v, plan) => v.fs.removeFile(plan)],
  ['a link', async (v, plan) => (await v.fs.removeFile(plan), v.fs.put(plan, { kind: 'link', target: '/elsewhere/plan.json' }))],
  ['damaged (its sha256 no longer matches)', async (v, plan) => v.fs.put(plan, { kind: 'file', data: Buffer.from('{"format":1,"steps":[') })],
];

describe('rollback from the journal alone', () => {
  it.each(damage)('plan.json %s: the stopped run rolls back to the original tree, byte for byte', async (_name, spoil) => {
    const { volume, original, runDir } = await crashedHalfway();
    await spoil(volume, join(runDir, 'plan.json'));
    const { report } = await rollback(await volume.open());
    expect(report.conflicts).toEqual([]);
    expect(await volume.snap()).toEqual(original);
  });

  it.each(damage)('plan.json %s: resuming is refused (exit 12), saying rollback still works; nothing changes', async (_name, spoil) => {
    const { volume, runDir } = await crashedHalfway();
    await spoil(volume, join(runDir, 'plan.json'));
    const before = await volume.snap();
    const error = await repair(await volume.open(), { backupConfirmed: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect(`${(error as JournalError).message} ${(error as JournalError).hint}`).toMatch(/plan\.json.*--rollback/s);
    expect(withoutSystemLock(await volume.snap())).toEqual(withoutSystemLock(before));
  });

  it('the run is still read: its state and how far it got come from the journal', async () => {
    const { volume, runDir } = await crashedHalfway();
    await volume.fs.removeFile(join(runDir, 'plan.json'));
    const run = await latestRun(await volume.open());
    expect(run?.replay.state).toBe('applying');
    expect(run?.planLost).toBe('is missing');
    expect(run?.replay.forward.filter((p) => p !== 'untouched').length).toBeGreaterThan(100);
  });

  it.each([
    ['present', false],
    ['deleted', true],
  ])('a format-1 journal (intents without actions), plan.json %s: rolled back with the plan, refused without it', async (_name, deleted) => {
    const { volume, original, runDir } = await crashedHalfway();
    await rewriteJournal(volume, runDir, asFormat1);
    if (deleted) await volume.fs.removeFile(join(runDir, 'plan.json'));
    const before = await volume.snap();
    const result = await rollback(await volume.open()).catch((e: unknown) => e);
    if (deleted) {
      expect(result).toBeInstanceOf(JournalError);
      expect(String(result)).toMatch(/plan\.json/);
      expect(withoutSystemLock(await volume.snap())).toEqual(withoutSystemLock(before));
    } else expect(await volume.snap()).toEqual(original);
  });

  it.each([['/etc/'], ['/volume/WINDOWS/../../etc/'], ['relative/']])(
    'a re-signed journal whose intent moves files to %s is refused without plan.json; nothing moves',
    async (evil) => {
      const { volume, runDir } = await crashedHalfway();
      await volume.fs.removeFile(join(runDir, 'plan.json'));
      let edited = 0;
      await rewriteJournal(volume, runDir, (r) => {
        const moves = (r as { moves?: { toDir: string } }).moves;
        if (r.type !== 'intent' || !moves || edited++) return r;
        return { ...r, moves: { ...moves, toDir: evil } } as JournalRecord;
      });
      expect(edited).toBeGreaterThan(0);
      const before = await volume.snap();
      const error = await rollback(await volume.open()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(JournalError);
      expect(String(error)).toMatch(/outside/);
      expect(withoutSystemLock(await volume.snap())).toEqual(withoutSystemLock(before));
    },
  );
});

describe('verify compares the manifest with what the run moved', () => {
  async function removeTree(volume: Volume, dir: string) {
    for (const e of await volume.fs.readdir(dir)) await volume.fs.removeFile(join(dir, e.name));
    await volume.fs.removeEmptyDir(dir);
  }

  it.each<[string, (volume: Volume, runDir: string) => Promise<void>, RegExp]>([
    ['manifest.d deleted', (v, dir) => removeTree(v, join(dir, 'manifest.d')), /1,206 file\(s\).*no manifest record/],
    ['manifest.jsonl deleted', (v, dir) => v.fs.removeFile(join(dir, 'manifest.jsonl')), /file\(s\).*no manifest record/],
    [
      'one group file of manifest.d deleted',
      async (v, dir) => v.fs.removeFile(join(dir, 'manifest.d', (await v.fs.readdir(join(dir, 'manifest.d')))[0]?.name ?? '')),
      /512 file\(s\).*no manifest record/,
    ],
  ])('%s: verify fails, naming how many files are unaccounted for', async (_name, spoil, message) => {
    const { volume, outcome } = await repairedVolume(1200);
    expect(outcome.verify.problems).toEqual([]);
    await spoil(volume, outcome.run.dir);
    const { verify } = await verifyLatest(await volume.open());
    expect(verify.problems.join('\n')).toMatch(message);
  });

  it('plan.json deleted: verify checks every file against the journal, and says so', async () => {
    const { volume, outcome } = await repairedVolume(700);
    await volume.fs.removeFile(join(outcome.run.dir, 'plan.json'));
    const { verify } = await verifyLatest(await volume.open());
    expect(verify.problems).toEqual([]);
    expect(verify.files).toBe(outcome.verify.files);
    expect(verify.notes?.join('\n')).toMatch(/plan\.json.*journal/s);
  });

  it('plan.json and manifest.d deleted: still fails, from the journal', async () => {
    const { volume, outcome } = await repairedVolume(700);
    await volume.fs.removeFile(join(outcome.run.dir, 'plan.json'));
    await removeTree(volume, join(outcome.run.dir, 'manifest.d'));
    const { verify } = await verifyLatest(await volume.open());
    expect(verify.problems.join('\n')).toMatch(/no manifest record/);
  });
});
