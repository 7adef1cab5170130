import { readdir, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

/** Every file and folder last changed in 2007, as on a real server: the run's digests then carry stamps. */
async function settle(dir: string): Promise<void> {
  const then = new Date('2007-07-02T05:46:14Z');
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await settle(path);
    await utimes(path, then, then);
  }
}

describe('a repair of catalogs last changed long ago (verify proves the moves by their stamps)', () => {
  it('repairs, verifies every file, and rolls back byte for byte', async () => {
    const t = await affectedTree({ catalogs: 1_200 });
    await settle(t.root);
    const before = await t.snap();
    const repair = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).toMatch(/Verify: all 1,2\d\d file\(s\) of the manifest are in their planned places, byte-identical/);
    const verify = await cli(['verify', '--root', t.root, '--state-dir', t.state]);
    expect(verify.code, verify.stderr).toBe(0);
    const rollback = await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(await t.snap()).toEqual(before);
  }, 120_000);
});
