import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { HashAhead } from '../../src/engine/hash-ahead.js';
import { readManifest, verifyManifest } from '../../src/engine/manifest.js';
import type { Fs } from '../../src/platform/fs.js';
import { repair } from '../../src/repair/repair.js';
import { MapFs } from '../helpers/map-fs.js';
import { affectedVolume } from '../helpers/scenario.js';
import { sha256Of } from '../helpers/tree.js';
import { faultyFs } from '../helpers/faulty-fs.js';

const moved: Action = { kind: 'move-file', from: '/w/cat/KB1.cat', to: '/w/backup/KB1.cat' };
const volume = () => MapFs.fromFiles('/w', { 'backup/KB1.cat': 'one', 'backup2/x': 'x', 'cat/KB912354.CAT': 'kb' });

describe('HashAhead keeps a digest only while nothing later touched the file', () => {
  it.each<[string, Action | undefined, boolean]>([
    ['nothing later', undefined, true],
    ['a later group of moves elsewhere', { kind: 'move-file', from: '/w/cat/KB2.cat', to: '/w/backup/KB2.cat' }, true],
    ['a service stopped', { kind: 'stop-service', name: 'CryptSvc' }, true],
    ['a folder renamed whose name starts the same (backup2)', { kind: 'rename-dir', from: '/w/backup2', to: '/w/backup2.old' }, true],
    ['a copy made from the file', { kind: 'copy-file', from: '/w/backup/KB1.cat', to: '/w/cat/KB1.cat' }, false],
    ['the folder above renamed', { kind: 'rename-dir', from: '/w/backup', to: '/w/backup.old' }, false],
    ['an installer run (it may change anything)', { kind: 'run-program', file: 'update.exe', args: [], timeoutMs: 1 }, false],
  ])('%s: kept = %s', async (_name, later, kept) => {
    const fs = volume();
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    ahead.groupDone([moved]);
    if (later) ahead.groupDone([later]);
    const digests = await ahead.digests();
    expect(digests.has(moved.to)).toBe(kept);
    if (kept) expect(digests.get(moved.to)).toBe(await sha256Of(fs, moved.to));
  });

  it('an action of the same group as the move happened before the hashing: the digest stays', async () => {
    const fs = volume();
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    ahead.groupDone([{ kind: 'make-dir', path: '/w/backup' }, moved]);
    expect((await ahead.digests()).has(moved.to)).toBe(true);
  });

  it('a touch forgets what was hashed before it, not what is hashed after it', async () => {
    const fs = volume();
    const ahead = HashAhead.for(fs, [moved]) as HashAhead;
    const intoBackup2: Action = { kind: 'move-file', from: '/w/cat/x', to: '/w/backup2/x' };
    ahead.groupDone([moved, intoBackup2]);
    ahead.groupDone([{ kind: 'rename-dir', from: '/w/backup2', to: '/w/backup2.old' }]);
    ahead.groupDone([intoBackup2]);
    ahead.groupDone([{ kind: 'copy-file', from: '/w/backup/KB1.cat', to: '/w/cat/KB1.cat' }]);
    expect([...(await ahead.digests()).keys()]).toEqual(['/w/backup2/x']);
  });

  it('a file that is not there is left to verify, not reported from here', async () => {
    const fs = volume();
    const gone: Action = { kind: 'move-file', from: '/w/cat/KB9.cat', to: '/w/backup/KB9.cat' };
    const ahead = HashAhead.for(fs, [gone]) as HashAhead;
    ahead.groupDone([gone]);
    expect(await ahead.digests()).toEqual(new Map());
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

  it('a digest from ahead that disagrees with the manifest is hashed again, not trusted', async () => {
    const volume = affectedVolume({ catalogs: 10 });
    const system = await volume.open();
    const outcome = await repair(system, { backupConfirmed: false });
    if (outcome.kind !== 'repaired') throw new Error(`expected a repair, got ${outcome.kind}`);
    const { windir } = outcome.run.plan;
    const wrong = '0'.repeat(64);
    const known = new Map<string, string>();
    for await (const entry of readManifest(volume.fs, outcome.run.dir)) for (const place of entry.places) known.set(join(windir, place), wrong);
    expect(known.size).toBeGreaterThan(10);
    const verify = await verifyManifest(volume.fs, outcome.run.dir, outcome.run.plan.windir, known);
    expect(verify).toEqual(outcome.verify);
    expect(verify.problems).toEqual([]);
  });
});
