import { describe, expect, it } from 'vitest';
import type { Fs } from '../../src/platform/fs.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { installerVerdict } from '../../src/repair/installer-verdict.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';
import { affectedVolume } from '../helpers/scenario.js';

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
    const error = await repair({ ...system, world: { ...system.world, fs: journalFillsAfter(volume.fs, appends) } }, { backupConfirmed: false }).catch((e: unknown) => e);
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

describe('installer verdict (update.exe exit codes and svcpack.log)', () => {
  const failed = { started: '2026/11/22 03:00:00.000', line: 1, hits: [{ file: 'svcpack.log', line: 5, text: 'error=0xfffffbfe' }], outcome: 'failed' as const, extendedError: '0xf0da' };
  const other = { ...failed, hits: [], extendedError: '0xf201' };
  it.each([
    [0, undefined, 'succeeded', /installed/],
    [3010, undefined, 'reboot-required', /reboot/],
    [1641, undefined, 'reboot-required', /reboot/],
    [1603, failed, 'failed', /still shows error=0xfffffbfe/],
    [1603, other, 'failed', /extended error code = 0xf201/],
    [1603, undefined, 'failed', /no newer session/],
    [null, undefined, 'failed', /interrupted/],
  ] as const)('exit %s -> %s', (code, session, kind, message) => {
    const verdict = installerVerdict(code, session);
    expect(verdict.kind).toBe(kind);
    expect(verdict.message).toMatch(message);
  });
});
