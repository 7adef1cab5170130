import { appendFile, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

const EXIT_1603 = process.platform === 'win32' ? 1603 : 1603 % 256;

describe('a rollback stopped by a changed KB912354.CAT copy finishes once the admin resolves it', () => {
  it('backup is kept until then; notes are said once; the tree ends as the original plus what the admin kept', async () => {
    const t = await affectedTree({ catalogs: 40 });
    const original = await t.snap();
    const args = ['--root', t.root, '--state-dir', t.state];
    expect((await cli([...args, '--yes'])).code).toBe(0);
    const s32 = join(t.root, 'WINDOWS', 'system32');
    const copy = join(s32, 'CatRoot', '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}', 'KB912354.CAT');
    await appendFile(copy, 'touched by Windows');
    await writeFile(join(s32, 'catroot2', 'edb.log'), 'written by CryptSvc');

    const first = await cli([...args, '--rollback', '--yes']);
    expect(first.code, first.stderr).toBe(EXIT_1603);
    const out1 = `${first.stdout}\n${first.stderr}`;
    expect(out1).toMatch(/exists with other content/);
    expect(out1).toMatch(/backup is not empty; left in place until the conflicts above are resolved/);
    expect(out1).toMatch(/catroot2 was no longer empty; set aside as/);

    const second = await cli([...args, '--rollback', '--yes']);
    expect(second.code).toBe(EXIT_1603);
    expect(`${second.stdout}\n${second.stderr}`).not.toMatch(/set aside as/);

    const changed = await readFile(copy);
    await rename(copy, join(t.root, 'KB912354.CAT.changed'));
    const last = await cli([...args, '--rollback', '--yes']);
    expect(last.code, `${last.stdout}\n${last.stderr}`).toBe(0);
    expect(last.stdout).toMatch(/Rolled back[\s\S]*note \(an earlier attempt\): .*catroot2 was no longer empty/);

    const after = await t.snap();
    const kept = ['KB912354.CAT.changed', 'WINDOWS/system32/catroot2.created-by-repair-1', 'WINDOWS/system32/catroot2.created-by-repair-1/edb.log'];
    for (const path of kept) expect(after[path], path).toBeDefined();
    expect(Object.fromEntries(Object.entries(after).filter(([path]) => !kept.includes(path)))).toEqual(original);
    expect((await readFile(join(t.root, 'KB912354.CAT.changed'))).equals(changed)).toBe(true);
    const status = await cli([...args, 'status']);
    expect(status.code).toBe(0);
    expect((await cli([...args, '--yes'])).code).toBe(0);
  });
});
