import { describe, expect, it } from 'vitest';
import { firstBroken, recordedRepair, recordedRollback } from '../helpers/power-loss-checks.js';
import { withoutFsyncs } from '../helpers/power-loss-scenario.js';
import { MapFs } from '../helpers/map-fs.js';
import { PowerLossFs } from '../helpers/power-loss-fs.js';

// The power-loss suites can fail: with every fsync of files and folders made a no-op, some crash point
// of a repair, and of a rollback, leaves a disk that breaks their checks.
describe('the power-loss model catches a tool that does not fsync', () => {
  it.each([
    ['repair', recordedRepair],
    ['rollback', recordedRollback],
  ])('%s without fsyncs: some crash point breaks an invariant', async (_name, record) => {
    expect(await firstBroken(await record(withoutFsyncs))).toMatchObject({ k: expect.any(Number) });
  });
});

type Step = (fs: PowerLossFs) => Promise<unknown>;
const append =
  (path: string, text: string, sync: boolean): Step =>
  async (fs) => {
    const log = await fs.openAppend(path);
    await log.append(text);
    if (sync) await log.sync();
  };
const files = (fs: MapFs) =>
  Object.fromEntries([...fs.nodes].filter(([, n]) => n.kind === 'file').map(([p, n]) => [p, (n as { data: Buffer }).data.toString()]));

describe('what a power loss keeps (lose-all: nothing uncertain)', () => {
  const start = () => new PowerLossFs(MapFs.fromFiles('/v', { 'a/x': 'x', 'b/keep': 'k' }));
  it.each<[string, Step[], Record<string, string>]>([
    ['bytes appended without fsync are lost', [append('/v/a/x', 'more', false)], { '/v/a/x': 'x', '/v/b/keep': 'k' }],
    ['bytes appended and fsynced are kept', [append('/v/a/x', 'more', true)], { '/v/a/x': 'xmore', '/v/b/keep': 'k' }],
    ['a rename before no folder fsync is lost', [(fs) => fs.rename('/v/a/x', '/v/b/x')], { '/v/a/x': 'x', '/v/b/keep': 'k' }],
    [
      'a rename with only its destination folder fsynced is lost',
      [(fs) => fs.rename('/v/a/x', '/v/b/x'), (fs) => fs.syncDir('/v/b')],
      { '/v/a/x': 'x', '/v/b/keep': 'k' },
    ],
    [
      'a rename with both folders fsynced is kept',
      [(fs) => fs.rename('/v/a/x', '/v/b/x'), (fs) => fs.syncDir('/v/b'), (fs) => fs.syncDir('/v/a')],
      { '/v/b/x': 'x', '/v/b/keep': 'k' },
    ],
    [
      'a new file in a synced folder whose own name was never synced is lost with it',
      [(fs) => fs.mkdir('/v/n'), (fs) => fs.createFile('/v/n/f', 'f'), (fs) => fs.syncDir('/v/n')],
      { '/v/a/x': 'x', '/v/b/keep': 'k' },
    ],
    [
      'createFile fsyncs its bytes: once its folder is synced, all of it is kept',
      [(fs) => fs.createFile('/v/a/new', 'data'), (fs) => fs.syncDir('/v/a')],
      { '/v/a/x': 'x', '/v/a/new': 'data', '/v/b/keep': 'k' },
    ],
    [
      'a folder is followed by identity: synced under its new name, what was made in it before still counts',
      [(fs) => fs.createFile('/v/a/new', 'n'), (fs) => fs.rename('/v/a', '/v/c'), (fs) => fs.syncDir('/v/c'), (fs) => fs.syncDir('/v')],
      { '/v/c/x': 'x', '/v/c/new': 'n', '/v/b/keep': 'k' },
    ],
  ])('%s', async (_name, steps, expected) => {
    const fs = start();
    for (const step of steps) await step(fs);
    expect(files(await fs.afterPowerLoss({ kind: 'lose-all' }))).toEqual(expected);
  });

  it('all-but-oldest: every uncertain change but the oldest is kept, with all its bytes', async () => {
    const fs = start();
    await fs.createFile('/v/a/first', '1');
    await fs.rename('/v/a/x', '/v/b/x');
    await append('/v/b/keep', 'more', false)(fs);
    expect(files(await fs.afterPowerLoss({ kind: 'all-but-oldest' }))).toEqual({ '/v/b/x': 'x', '/v/b/keep': 'kmore' });
  });

  it('random: a rename is kept or lost whole, and unsynced bytes are cut to none, half or all of them', async () => {
    const fs = start();
    await fs.rename('/v/a/x', '/v/b/x');
    await append('/v/b/keep', '0123456789', false)(fs);
    const seen = new Set<string>();
    for (let seed = 1; seed <= 40; seed++) {
      const after = files(await fs.afterPowerLoss({ kind: 'random', seed }));
      expect(
        Object.keys(after).filter((p) => p.endsWith('/x')),
        `seed ${seed}`,
      ).toHaveLength(1);
      expect(['k', 'k01234', 'k0123456789']).toContain(after['/v/b/keep']);
      seen.add(JSON.stringify(after));
    }
    expect(seen.size).toBe(6);
  });
});
