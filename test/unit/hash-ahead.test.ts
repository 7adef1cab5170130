import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { HashAhead } from '../../src/engine/hash-ahead.js';
import { readManifest, verifyManifest } from '../../src/engine/manifest.js';
import type { Digest, Fs } from '../../src/platform/fs.js';
import { startedNow } from '../../src/platform/digests.js';
import { repair } from '../../src/repair/repair.js';
import { MapFs } from '../helpers/map-fs.js';
import { affectedVolume, repairedVolume } from '../helpers/scenario.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const moved: Action = { kind: 'move-file', from: '/w/cat/KB1.cat', to: '/w/backup/KB1.cat' };
const intoBackup2: Action = { kind: 'move-file', from: '/w/cat/x', to: '/w/backup2/x' };
const volume = () => MapFs.fromFiles('/w', { 'backup/KB1.cat': 'one', 'backup2/x': 'x', 'cat/KB912354.CAT': 'kb' });

/** What a group's manifest would have recorded: the files as they are now (in their new places here). */
async function recorded(fs: MapFs, actions: readonly Action[]) {
  return Promise.all(actions.map(async (a) => (a.kind === 'move-file' ? (await fs.digests([a.to]))[0] : undefined)));
}

async function groupsDone(fs: MapFs, groups: ReadonlyArray<readonly Action[]>): Promise<Set<string>> {
  const ahead = HashAhead.for(fs, groups.flat()) as HashAhead;
  for (const group of groups) ahead.groupDone(group, await recorded(fs, group));
  return ahead.verified();
}

describe('HashAhead vouches for a moved file only while nothing later touched it', () => {
  it.each<[string, Action | undefined, boolean]>([
    ['nothing later', undefined, true],
    ['a later group of moves elsewhere', { kind: 'move-file', from: '/w/cat/KB2.cat', to: '/w/backup/KB2.cat' }, true],
    ['a service stopped', { kind: 'stop-service', name: 'CryptSvc' }, true],
    ['a folder renamed whose name starts the same (backup2)', { kind: 'rename-dir', from: '/w/backup2', to: '/w/backup2.old' }, true],
    ['a copy made from the file', { kind: 'copy-file', from: '/w/backup/KB1.cat', to: '/w/cat/KB1.cat' }, false],
    ['the folder above renamed', { kind: 'rename-dir', from: '/w/backup', to: '/w/backup.old' }, false],
    ['an installer run (it may change anything)', { kind: 'run-program', file: 'update.exe', args: [], timeoutMs: 1 }, false],
  ])('%s: vouched = %s', async (_name, later, kept) => {
    expect((await groupsDone(volume(), later ? [[moved], [later]] : [[moved]])).has(moved.to)).toBe(kept);
  });

  it('an action of the same group as the move happened before the hashing: it stays vouched for', async () => {
    expect(await groupsDone(volume(), [[{ kind: 'make-dir', path: '/w/backup' }, moved]])).toEqual(new Set([moved.to]));
  });

  it('a touch forgets what was hashed before it, not what is hashed after it', async () => {
    const rename: Action = { kind: 'rename-dir', from: '/w/backup2', to: '/w/backup2.old' };
    const copy: Action = { kind: 'copy-file', from: '/w/backup/KB1.cat', to: '/w/cat/KB1.cat' };
    expect(await groupsDone(volume(), [[moved, intoBackup2], [rename], [intoBackup2], [copy]])).toEqual(new Set(['/w/backup2/x']));
  });

  it('a file whose bytes differ from the record, or that is not there, is left to verify', async () => {
    const fs = volume();
    const gone: Action = { kind: 'move-file', from: '/w/cat/KB9.cat', to: '/w/backup/KB9.cat' };
    const ahead = HashAhead.for(fs, [moved, gone, intoBackup2]) as HashAhead;
    const other = (await fs.digests(['/w/backup2/x']))[0];
    ahead.groupDone([moved, gone, intoBackup2], [other, other, other]);
    expect(await ahead.verified()).toEqual(new Set(['/w/backup2/x']));
  });

  it('a group this run did not record (started by an earlier run) is not hashed ahead', async () => {
    const fs = volume();
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    ahead.groupDone([moved]);
    expect(await ahead.verified()).toEqual(new Set());
  });

  it('is not used when files leave a folder that others are moved into', () => {
    const chain: Action[] = [moved, { kind: 'move-file', from: '/w/backup/KB0.cat', to: '/w/elsewhere/KB0.cat' }];
    expect(HashAhead.for(volume(), chain)).toBeUndefined();
    expect(HashAhead.for(volume(), [moved])).toBeInstanceOf(HashAhead);
  });
});

/** Counts the paths each hashing call is given. */
function countingHashes(inner: Fs) {
  const counts = { now: 0, ahead: 0 };
  const fs: Fs = {
    ...faultyFs(inner, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs,
    digests: (paths) => ((counts.now += paths.length), inner.digests(paths)),
    startDigests: (paths) => ((counts.ahead += paths.length), inner.startDigests(paths)),
  };
  return { fs, counts };
}

describe('verify during a repair', () => {
  it('hashes the moved catalogs while the run goes on, and verify hashes only the rest', async () => {
    const volume = affectedVolume({ catalogs: 1200 });
    const system = await volume.open();
    const { fs, counts } = countingHashes(volume.fs);
    const outcome = await repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false });
    if (outcome.kind !== 'repaired') throw new Error(`expected a repair, got ${outcome.kind}`);
    expect(outcome.verify).toMatchObject({ problems: [] });
    // The manifest hashes every touched file once; verify hashes only what was not hashed ahead.
    const manifestFiles = outcome.verify.files;
    expect(counts.ahead).toBeGreaterThanOrEqual(1200);
    expect(counts.now - manifestFiles).toBeLessThan(20);
  });

  it('verify skips exactly the places vouched for and hashes the rest', async () => {
    const { volume, outcome } = await repairedVolume(10);
    const { dir, windir } = outcome.run;
    const places: string[] = [];
    for await (const entry of readManifest(volume.fs, dir)) places.push(...entry.places.map((place) => join(windir, place)));
    // Every file damaged after the run: verify finds each one it hashes, and none of those vouched for.
    for (const place of places) await volume.fs.rename(place, `${place}.gone`);
    const vouched = new Set(places.slice(0, 4));
    const verify = await verifyManifest(volume.fs, dir, windir, vouched);
    expect(verify.problems).toHaveLength(places.length - 4);
    expect(verify.problems.join('\n')).not.toContain(places[0]?.slice(windir.length + 1));
  });
});

describe('a moved file whose manifest digest has a stamp is checked by its stamp, never read', () => {
  /** A disk that gives stamps: each path's current stamp is looked up here; hashing is counted. */
  function stampingVolume(stamps: Map<string, string>) {
    const inner = volume();
    const hashed: string[] = [];
    const fs: Fs = {
      ...faultyFs(inner, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs,
      digests: (paths) => inner.digests(paths),
      startDigests: (paths) => (hashed.push(...paths), inner.startDigests(paths)),
      startStamps: (paths) => startedNow(Promise.resolve(paths.map((p) => stamps.get(p)))),
    };
    return { fs, inner, hashed };
  }

  it.each<[string, string | undefined, boolean]>([
    ['the same stamp in the new place', 'S1', true],
    ['another stamp (changed since the hash)', 'S2', false],
    ['no file in the new place', undefined, false],
  ])('%s: vouched = %s', async (_name, now, vouched) => {
    const stamps = new Map(now === undefined ? [] : [[moved.to, now]]);
    const { fs, inner, hashed } = stampingVolume(stamps);
    const [digest] = await inner.digests([moved.to]);
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    ahead.groupDone([moved], [{ ...(digest as Digest), stamp: 'S1' }]);
    expect((await ahead.verified()).has(moved.to)).toBe(vouched);
    expect(hashed).toEqual([]);
  });

  it('a digest without a stamp (changed just before the hash) is hashed again', async () => {
    const { fs, inner, hashed } = stampingVolume(new Map([[moved.to, 'S1']]));
    const [digest] = await inner.digests([moved.to]);
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    ahead.groupDone([moved], [digest]);
    expect(await ahead.verified()).toEqual(new Set([moved.to]));
    expect(hashed).toEqual([moved.to]);
  });
});
