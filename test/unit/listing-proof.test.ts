import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { verifyManifest, writeManifest } from '../../src/engine/manifest.js';
import { renderVerify } from '../../src/cli/render.js';
import type { Fs } from '../../src/platform/fs.js';
import { LISTING_CASES, verifyAfter, type TreeIo } from '../helpers/listing-proof.js';
import { memoryWorld } from '../helpers/memory-world.js';

describe('a folder set aside whole with proof by listing (memfs)', () => {
  it.each(LISTING_CASES)('%s', async (_name, change, problems) => {
    const { io, world } = memoryWorld();
    const tree = io as unknown as TreeIo;
    const report = await verifyAfter(tree, world, '/v', (aside) => change(tree, aside));
    expect(report.problems).toEqual(problems);
    expect(report.listed).toBe(2);
  });
});

describe('a run renaming one folder proved by sha256 and one by listing', () => {
  it('records the first by size and sha256, the second by size and modification time; only the first is hashed, in writing and in verifying', async () => {
    const { world, vol } = memoryWorld();
    const [windir, runDir] = ['/v/WINDOWS', '/v/run'];
    vol.fromJSON({ [`${windir}/system32/catroot2/edb.log`]: 'log', [`${windir}/SoftwareDistribution/Download/a.cab`]: 'aaaa', [`${runDir}/plan.json`]: '{}' });
    vol.utimesSync(`${windir}/SoftwareDistribution/Download/a.cab`, 1_700_000_000, 1_700_000_000.123);
    const hashed: string[] = [];
    const fs: Fs = { ...world.fs, digests: (paths) => (hashed.push(...paths), world.fs.digests(paths)) };
    const actions: Action[] = [
      { kind: 'write-manifest' },
      { kind: 'rename-dir', from: `${windir}/system32/catroot2`, to: `${windir}/system32/catroot2.old` },
      { kind: 'rename-dir', from: `${windir}/SoftwareDistribution/Download`, to: `${windir}/SoftwareDistribution/Download.old`, proof: 'listing' },
    ];
    await writeManifest({ ...world, fs }, { runDir, base: windir, actions });
    for (const a of actions) if (a.kind === 'rename-dir') await fs.rename(a.from, a.to);
    const report = await verifyManifest(fs, runDir, windir, new Set(), actions);

    expect(String(vol.readFileSync(join(runDir, 'manifest.jsonl'), 'utf8')).split('\n')).toEqual([
      `{"path":"system32/catroot2/edb.log","places":["system32/catroot2.old/edb.log"],"size":3,"sha256":"${createHash('sha256').update('log').digest('hex')}"}`,
      '{"path":"SoftwareDistribution/Download/a.cab","places":["SoftwareDistribution/Download.old/a.cab"],"size":4,"mtimeMs":1700000000123}',
      '',
    ]);
    expect(hashed).toEqual([`${windir}/system32/catroot2/edb.log`, `${windir}/system32/catroot2.old/edb.log`]);
    expect(report).toEqual({ files: 2, listed: 1, problems: [] });
    expect(renderVerify(report)).toBe(
      'Verify: all 2 file(s) of the manifest are in their planned places: 1 byte-identical, 1 with the same size and modification time (proof by listing)\n',
    );
  });
});
