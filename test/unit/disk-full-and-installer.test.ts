import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedServerFiles, writeTree } from '../../src/demo/affected-server.js';
import { decodeJournal } from '../../src/engine/journal/codec.js';
import type { Fs } from '../../src/platform/fs.js';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { installerVerdict } from '../../src/repair/installer-verdict.js';
import { openSystem } from '../../src/repair/system.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';
import { memoryWorld } from '../helpers/memory-world.js';
import { affectedVolume, ME, ROOT, STATE } from '../helpers/scenario.js';
import { fillsDuring, shortWriting } from '../helpers/short-writes.js';
import { snapshot } from '../helpers/tree.js';

/** The journal's disk fills up after `appends` successful appends; everything else works. */
function journalFillsAfter(fs: Fs, appends: number): Fs {
  let left = appends;
  return new Proxy(fs, {
    get(target, key) {
      if (key !== 'openAppend') return (target as any)[key].bind(target);
      return async (path: string) => {
        const log = await target.openAppend(path);
        return {
          ...log,
          append: async (text: string) => {
            if (left-- <= 0) throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
            return log.append(text);
          },
        };
      };
    },
  });
}

describe('disk full while writing the journal', () => {
  it.each([1, 2, 3, 5, 8])('after %i appends: nothing moves past the last durable intent, and rollback restores', async (appends) => {
    const volume = affectedVolume({ catalogs: 1500 });
    const original = await volume.snap();
    const system = await volume.open();
    const error = await repair({ ...system, world: { ...system.world, fs: journalFillsAfter(volume.fs, appends) } }, { backupConfirmed: false }).catch(
      (e: unknown) => e,
    );
    expect(String(error)).toMatch(/ENOSPC/);
    const now = await volume.snap();
    expectEveryFileOnce(original, now);
    // At most the groups whose intent records made it to the journal were moved.
    const moved = Object.keys(now).filter((p) => p.startsWith('WINDOWS/system32/CatRoot/backup/')).length;
    expect(moved).toBeLessThanOrEqual(Math.max(0, appends - 3) * 512);
    await rollback(await volume.open()).catch((e: unknown) => expect((e as Error).name).toBe('NoRunError'));
    expect(await volume.snap()).toEqual(original);
  });
});

describe('the disk fills up in the middle of a write (a short write)', () => {
  const journal = (text: RegExp) => (path: string, chunk: string) => path.endsWith('journal.jsonl') && text.test(chunk);
  const file = (name: RegExp) => (path: string) => name.test(path);
  const BACKUP = 'WINDOWS/system32/CatRoot/backup/';

  /** The moves that intent records in the journal, as read back, cover: the only ones a rollback undoes. */
  async function movesCovered(fs: Fs): Promise<number> {
    const runs = (await fs.lstat(join(STATE, 'runs'))) ? await fs.readdir(join(STATE, 'runs')) : [];
    let covered = 0;
    for (const run of runs) {
      const path = join(STATE, 'runs', run.name, 'journal.jsonl');
      if (!(await fs.lstat(path))) continue;
      for (const r of decodeJournal((await fs.readFile(path)).toString('utf8'))) if (r.type === 'intent') covered += r.to - r.from;
    }
    return covered;
  }

  const tears = [
    ['plan.json', file(/plan\.json$/), 1],
    ['the begin record', journal(/"type":"begin"/), 1],
    ['the "applying" record', journal(/"state":"applying"/), 1],
    ["catroot2's manifest", file(/manifest\.jsonl\.partial$/), 1],
    ["the first group's manifest", file(/manifest\.d/), 1],
    ['the first intent of a group of moves', journal(/"type":"intent"/), 3],
    ['the second intent of a group of moves', journal(/"type":"intent"/), 4],
    ["the second group's manifest", file(/manifest\.d/), 2],
    ['a done record', journal(/"type":"done"/), 3],
    ['the "applied" record', journal(/"state":"applied"/), 1],
  ] as const;
  // Once full, a write takes 0 bytes, or fails with ENOSPC (what Linux and Windows do).
  const cases = [
    ...tears.map(([name, pick, nth]) => [name, 'returns 0', pick, nth] as const),
    ...[tears[5], tears[6], tears[7]].map(([name, pick, nth]) => [name, 'throws ENOSPC', pick, nth] as const),
  ];
  const pristine = affectedServerFiles({ catalogs: 1100 });

  it.each(cases)(
    'while writing %s (then each write %s): the run fails, nothing moves without a whole intent, rollback restores',
    async (_name, then, pick, nth) => {
      const { world, io, fs } = memoryWorld();
      await writeTree(io, ROOT, pristine);
      const original = await snapshot(fs, ROOT);
      const full = fsFromModule(shortWriting(io, fillsDuring(pick, nth, then)));
      const error = await repair(await openSystem({ ...world, fs: full }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), {
        backupConfirmed: false,
      }).catch((e: unknown) => e);
      expect(String(error)).toMatch(/ENOSPC/);
      const now = await snapshot(fs, ROOT);
      expectEveryFileOnce(original, now);
      // A torn intent never lets its 512 moves happen: every moved catalog is covered by a whole intent.
      expect(Object.keys(now).filter((p) => p.startsWith(BACKUP)).length).toBeLessThanOrEqual(await movesCovered(fs));
      // Space again: the rollback either finds no run (nothing was changed) or undoes everything.
      const undone = await rollback(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow)).catch((e: unknown) => e);
      if (undone instanceof Error) expect(undone.name).toBe('NoRunError');
      else expect((undone as Awaited<ReturnType<typeof rollback>>).report.conflicts).toEqual([]);
      expect(await snapshot(fs, ROOT)).toEqual(original);
    },
  );

  async function repairedOnHealthyDisk() {
    const { world, io, fs } = memoryWorld();
    await writeTree(io, ROOT, pristine);
    const expected = await repair(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), { backupConfirmed: false });
    return { expected, end: await snapshot(fs, ROOT) };
  }
  let healthy: ReturnType<typeof repairedOnHealthyDisk> | undefined;

  it.each([tears[0], tears[3], tears[4], tears[5], tears[7], tears[8]])(
    'while writing %s: a rerun with space again resumes, never trusting a file cut short, and verifies clean',
    async (_name, pick, nth) => {
      const { expected, end } = await (healthy ??= repairedOnHealthyDisk());
      const { world, io, fs } = memoryWorld();
      await writeTree(io, ROOT, pristine);
      const full = fsFromModule(shortWriting(io, fillsDuring(pick, nth)));
      await expect(
        repair(await openSystem({ ...world, fs: full }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), { backupConfirmed: false }),
      ).rejects.toThrow(/ENOSPC/);
      const outcome = await repair(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), { backupConfirmed: false });
      if (outcome.kind !== 'repaired' || expected.kind !== 'repaired') throw new Error(`expected repairs, got ${outcome.kind} and ${expected.kind}`);
      expect(outcome.verify).toEqual(expected.verify);
      expect(outcome.verify.problems).toEqual([]);
      expect(await snapshot(fs, ROOT)).toEqual(end);
    },
  );

  it.each([
    ['the first undo-intent', journal(/"type":"undo-intent"/), 1, true],
    ['the third undo-intent (a group of moves)', journal(/"type":"undo-intent"/), 3, false],
    ['the "rolled-back" record', journal(/"state":"rolled-back"/), 1, false],
  ] as const)('a rollback while writing %s: it fails with ENOSPC, and a rerun with space finishes it', async (_name, pick, nth, untouched) => {
    const { world, io, fs } = memoryWorld();
    await writeTree(io, ROOT, pristine);
    const original = await snapshot(fs, ROOT);
    await repair(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow), { backupConfirmed: false });
    const repaired = await snapshot(fs, ROOT);
    const full = fsFromModule(shortWriting(io, fillsDuring(pick, nth)));
    await expect(rollback(await openSystem({ ...world, fs: full }, { root: ROOT, stateDir: STATE }, ME, catalogOverflow))).rejects.toThrow(/ENOSPC/);
    const now = await snapshot(fs, ROOT);
    expectEveryFileOnce(original, now);
    // A torn first undo-intent lets nothing be undone.
    if (untouched) expect(now).toEqual(repaired);
    const { report } = await rollback(await openSystem(world, { root: ROOT, stateDir: STATE }, ME, catalogOverflow));
    expect(report.conflicts).toEqual([]);
    expect(await snapshot(fs, ROOT)).toEqual(original);
  });
});

describe('installer verdict (update.exe exit codes, and only the svcpack.log sessions begun since it started)', () => {
  const failed = {
    started: '2026/11/22 03:00:00.000',
    line: 1,
    hits: [{ file: 'svcpack.log', line: 5, text: 'error=0xfffffbfe' }],
    outcome: 'failed' as const,
    extendedError: '0xf0da',
  };
  const other = { ...failed, hits: [], extendedError: '0xf201' };
  const unfinished = { ...failed, hits: [], extendedError: undefined, outcome: 'unknown' as const };
  it.each([
    [{ exitCode: 0 }, [], 'succeeded', /installed/],
    [{ exitCode: 3010 }, [], 'reboot-required', /reboot/],
    [{ exitCode: 1641 }, [], 'reboot-required', /reboot/],
    [{ exitCode: 1603 }, [failed], 'failed', /exit code 1603; svcpack\.log \(2026\/11\/22 03:00:00\.000\) shows error=0xfffffbfe again/],
    [{ exitCode: 1603 }, [failed, other], 'failed', /extended error code = 0xf201/],
    [{ exitCode: 1603 }, [unfinished], 'failed', /has no outcome/],
    [{ exitCode: 1603 }, [], 'failed', /exit code 1603; the installer wrote no new svcpack\.log session$/],
    [{ exitCode: -1, timedOut: false, notStarted: 'ENOENT' }, [], 'not-started', /^the installer could not start \(ENOENT\); it did not run$/],
    [{ exitCode: -1, timedOut: true }, [], 'failed', /did not finish in time and was stopped; the installer wrote no new svcpack\.log session/],
    [{ exitCode: -1, timedOut: false, signal: 'SIGKILL' }, [failed], 'failed', /ended by SIGKILL, with no exit code; svcpack\.log \(2026/],
    [{ exitCode: null }, [failed], 'failed', /interrupted/],
  ] as const)('%j with %# -> %s', (result, sessions, kind, message) => {
    const verdict = installerVerdict(result, sessions);
    expect(verdict.kind).toBe(kind);
    expect(verdict.message).toMatch(message);
  });
});
