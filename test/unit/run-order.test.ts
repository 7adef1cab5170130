import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import type { JournalRecord } from '../../src/engine/journal/records.js';
import { runsDir } from '../../src/engine/run-store.js';
import { JournalError } from '../../src/errors.js';
import type { Clock } from '../../src/platform/clock.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { repair, rollback } from '../../src/repair/repair.js';
import type { MapFs } from '../helpers/map-fs.js';
import { affectedVolume, ROOT, STATE } from '../helpers/scenario.js';

const CATALOGS = join(ROOT, 'WINDOWS/system32/CatRoot', CATALOG_FOLDER);
const HOUR = 3600_000;

/** A clock an admin can set: a rescue machine hours behind the server's last repair. */
function settableClock(start = Date.UTC(2026, 10, 22, 12)): Clock & { back(ms: number): void } {
  let now = start;
  return { now: () => new Date((now += 1000)), sleep: async () => {}, back: (ms) => void (now -= ms) };
}

async function runNames(fs: MapFs): Promise<string[]> {
  return (await fs.readdir(runsDir(STATE))).map((e) => e.name);
}

/** New hotfix catalogs installed since the last repair: the next repair has work again. */
function moreCatalogs(fs: MapFs, names: string[]) {
  for (const name of names) fs.put(join(CATALOGS, name), { kind: 'file', data: catalogBytes(name) });
}

/** Makes a run folder look as a format-1 catroot-repair left it: a clock name, no format, no sequence. */
async function asFormat1(fs: MapFs, dir: string, name: string): Promise<string> {
  const journalPath = join(dir, 'journal.jsonl');
  const records = decodeJournal((await fs.readFile(journalPath)).toString());
  const lines = records.map(({ seq, ...r }) => {
    if (r.type !== 'begin') return encodeRecord(seq, r as JournalRecord);
    const { format: _f, sequence: _s, previous: _p, ...old } = r as Extract<JournalRecord, { type: 'begin' }>;
    return encodeRecord(seq, { ...old, runId: name } as JournalRecord);
  });
  await fs.removeFile(journalPath);
  await fs.createFile(journalPath, lines.join(''));
  const renamed = join(runsDir(STATE), name);
  await fs.rename(dir, renamed);
  return renamed;
}

describe('the newest run is found by sequence, never by the clock', () => {
  it('a run killed on a machine whose clock went back is resumed, not started over', async () => {
    const clock = settableClock();
    const volume = affectedVolume({ catalogs: 20 }, { clock });
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
    moreCatalogs(volume.fs, ['KB990001.cat', 'KB990002.cat', 'KB990003.cat']);
    clock.back(5 * HOUR);
    const counting = volume.copy();
    const { system, count } = await counting.counting();
    await repair(system, { backupConfirmed: false });
    await expect(repair(await volume.open({ kind: 'crash', at: count() - 6 }), { backupConfirmed: false })).rejects.toThrow();
    const [, killed] = await runNames(volume.fs);
    const next = await repair(await volume.open(), { backupConfirmed: false });
    expect(next).toMatchObject({ kind: 'repaired', resumed: true, run: { id: killed } });
    expect(await runNames(volume.fs)).toHaveLength(2);
  });

  it('a repair finished on a machine whose clock went back is the one --rollback undoes', async () => {
    const clock = settableClock();
    const volume = affectedVolume({ catalogs: 20 }, { clock });
    const original = await volume.snap();
    await repair(await volume.open(), { backupConfirmed: false });
    await rollback(await volume.open());
    clock.back(5 * HOUR);
    const second = await repair(await volume.open(), { backupConfirmed: false });
    expect(second.kind).toBe('repaired');
    const { run } = await rollback(await volume.open());
    expect(run.id).toBe(second.kind === 'repaired' && second.run.id);
    expect(await volume.snap()).toEqual(original);
  });

  it('records its sequence and its predecessor in the begin record', async () => {
    const volume = affectedVolume({ catalogs: 5 });
    const first = await repair(await volume.open(), { backupConfirmed: false });
    await rollback(await volume.open());
    const second = await repair(await volume.open(), { backupConfirmed: false });
    if (first.kind !== 'repaired' || second.kind !== 'repaired') throw new Error('expected two repairs');
    expect(first.run.replay.begin).toMatchObject({ sequence: 1 });
    expect(first.run.replay.begin).not.toHaveProperty('previous');
    expect(second.run.replay.begin).toMatchObject({ sequence: 2, previous: first.run.id });
    expect(second.run.id).toMatch(/^000002-/);
  });

  it('a run folder whose name disagrees with the run id in its journal is refused (exit 12)', async () => {
    const volume = affectedVolume({ catalogs: 5 });
    const outcome = await repair(await volume.open(), { backupConfirmed: false });
    if (outcome.kind !== 'repaired') throw new Error('expected a repair');
    await volume.fs.rename(outcome.run.dir, join(runsDir(STATE), `000007-${outcome.run.id.slice(7)}`));
    const before = await volume.snap();
    const error = await rollback(await volume.open()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as Error).message).toMatch(/000007-.* holds run 000001-/);
    expect(await volume.snap()).toEqual(before);
  });
});

describe('format-1 run folders (clock names, no sequence)', () => {
  it('are still read: one can be rolled back', async () => {
    const volume = affectedVolume({ catalogs: 10 });
    const original = await volume.snap();
    const outcome = await repair(await volume.open(), { backupConfirmed: false });
    if (outcome.kind !== 'repaired') throw new Error('expected a repair');
    await asFormat1(volume.fs, outcome.run.dir, '20261122T030001-000Z');
    const { run } = await rollback(await volume.open());
    expect(run.id).toBe('20261122T030001-000Z');
    expect(await volume.snap()).toEqual(original);
  });

  it('come before every sequenced run, however late their clock names', async () => {
    const volume = affectedVolume({ catalogs: 10 });
    const first = await repair(await volume.open(), { backupConfirmed: false });
    if (first.kind !== 'repaired') throw new Error('expected a repair');
    await asFormat1(volume.fs, first.run.dir, '20991231T235959-000Z');
    moreCatalogs(volume.fs, ['KB990001.cat']);
    const second = await repair(await volume.open(), { backupConfirmed: false });
    if (second.kind !== 'repaired') throw new Error('expected a second repair');
    expect(second.run.replay.begin).toMatchObject({ sequence: 1, previous: '20991231T235959-000Z' });
    expect((await rollback(await volume.open())).run.id).toBe(second.run.id);
    expect((await rollback(await volume.open())).run.id).toBe('20991231T235959-000Z');
  });
});
