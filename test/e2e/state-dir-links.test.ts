import { mkdir, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { affectedTree, cli } from '../helpers/cli.js';

const S32 = ['WINDOWS', 'system32'];

// A state folder is judged by where it really leads, not by how it is spelled: through a link into
// catroot2 the journal would be renamed away with catroot2, and "nothing was changed" would be a lie.
describe('a state folder reached through a link into the tree is refused up front (exit 2)', () => {
  it.each([
    ['a link to catroot2', [...S32, 'catroot2'], (link: string) => link, /really .*catroot2, through a link\) is the same folder as .*catroot2/],
    ['a folder below a link to CatRoot', [...S32, 'CatRoot'], (link: string) => join(link, 'x'), /really .*CatRoot.x, through a link\) is inside .*CatRoot/],
    ['a link to the catalog folder', [...S32, 'CatRoot', CATALOG_FOLDER], (link: string) => link, /is the same folder as .*F750E6C3/],
    [
      'a plain folder whose runs is a link to catroot2',
      [...S32, 'catroot2'],
      (link: string) => join(link, '..', 'plain'),
      /runs is a link, not a plain folder/,
    ],
  ])('%s', async (name, target, stateDirOf, message) => {
    const t = await affectedTree({ catalogs: 20 });
    const link = join(t.dir, 'link');
    if (name.includes('runs')) {
      await mkdir(join(t.dir, 'plain'));
      await symlink(join(t.root, ...target), join(t.dir, 'plain', 'runs'));
    } else await symlink(join(t.root, ...target), link);
    const before = await t.snap();
    for (const extra of [['--dry-run'], ['--yes'], ['--rollback', '--yes'], ['status']]) {
      const r = await cli(['--root', t.root, '--state-dir', stateDirOf(link), ...extra]);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toMatch(message);
    }
    expect(await t.snap()).toEqual(before);
  });

  it('a link to a folder outside the tree is a state folder like any other: repair and rollback work', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const original = await t.snap();
    await mkdir(join(t.dir, 'elsewhere'));
    await symlink(join(t.dir, 'elsewhere'), join(t.dir, 'link'));
    const base = ['--root', t.root, '--state-dir', join(t.dir, 'link')];
    expect((await cli([...base, '--yes'])).code).toBe(0);
    expect((await cli([...base, '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });
});

describe.runIf(process.platform === 'linux')('a state folder that can be neither found nor made', () => {
  it('under /proc: exit 2 at once, nothing changed (mkdir -p used to spin there forever)', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const before = await t.snap();
    const r = await cli(['--root', t.root, '--state-dir', `/proc/catroot-repair-test-${process.pid}`, '--yes']);
    expect(r.code, r.stderr).toBe(2);
    // Not root: /proc is not writable, and the check before the first change says so.
    expect(r.stderr).toMatch(/cannot create the state folder|\/proc \(to make \/proc\/catroot-repair-test-\d+\): not writable \(EACCES\)/);
    expect(await t.snap()).toEqual(before);
  }, 20_000);
});
