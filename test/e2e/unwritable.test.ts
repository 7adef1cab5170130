import { execa } from 'execa';
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';
import { cliAsNobody, cliOnReadOnly, NOBODY, readOnlyMountMissing, unprivilegedMissing } from '../helpers/unwritable.js';

const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';
type Tree = Awaited<ReturnType<typeof affectedTree>>;

if (readOnlyMountMissing) console.warn(`SKIPPED: the read-only volume tests: ${readOnlyMountMissing}`);
if (unprivilegedMissing) console.warn(`SKIPPED: the unwritable-folder test: ${unprivilegedMissing}`);

/** Nothing written anywhere: not the tree, not the state folder (not even made), no run folder, no lock. */
async function expectNothingWritten(t: Tree, before: Record<string, string>) {
  const after = await t.snapAll();
  expect(Object.keys(after).filter((path) => /lock|runs/.test(path))).toEqual(Object.keys(before).filter((path) => /lock|runs/.test(path)));
  expect(after).toEqual(before);
}

describe.runIf(!readOnlyMountMissing)('a volume mounted read-only: refused before the first change (exit 2, EROFS)', () => {
  const elsewhere = (t: Tree) => ['--root', t.root, '--state-dir', t.state];
  it.each([
    ['a repair, the state folder outside the volume', elsewhere, ['--yes']],
    ['a dry run: the same refusal as the real run', elsewhere, ['--dry-run']],
    ['a repair, the state folder on the volume (the default)', (t: Tree) => ['--root', t.root], ['--yes', '--json']],
  ])('%s; mounted writable, the same tree repairs', async (_name, base, extra) => {
    const t = await affectedTree({ catalogs: 30 });
    const before = await t.snapAll();
    const r = await cliOnReadOnly(t.root, [...base(t), ...extra]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(t.root, 'WINDOWS')}: the volume is read-only (EROFS): mount it writable`);
    expect(r.stderr).toContain(`${join(t.root, CATALOGS)}: the volume is read-only (EROFS)`);
    expect(r.stderr).toMatch(/nothing was changed/);
    expect(r.stderr).not.toMatch(/ENOENT|belongs to another root|\n\s+at /);
    if (extra.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, exitCode: 2, error: { type: 'BadInputError' } });
    await expectNothingWritten(t, before);

    const writable = await cli([...base(t), '--yes', '--json']);
    expect(writable.code, writable.stderr).toBe(0);
    expect(JSON.parse(writable.stdout).result).toMatchObject({ kind: 'repaired', resumed: false });
  });

  it('a saved plan (--plan) applied on the read-only volume: refused; mounted writable, it applies', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const plan = join(t.dir, 'plan.json');
    expect((await cli([...elsewhere(t), '--dry-run', '--save-plan', plan])).code).toBe(0);
    const before = await t.snapAll();
    for (const extra of [['--dry-run'], ['--yes']]) {
      const r = await cliOnReadOnly(t.root, [...elsewhere(t), '--plan', plan, ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/the volume is read-only \(EROFS\)/);
      await expectNothingWritten(t, before);
    }
    const writable = await cli([...elsewhere(t), '--plan', plan, '--yes']);
    expect(writable.code, writable.stderr).toBe(0);
  });

  it('a rollback (and its dry run) on the read-only volume: refused; mounted writable, it rolls back byte for byte', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const original = await t.snap();
    expect((await cli([...elsewhere(t), '--yes'])).code).toBe(0);
    const before = await t.snapAll();
    for (const extra of [['--dry-run'], ['--yes']]) {
      const r = await cliOnReadOnly(t.root, [...elsewhere(t), '--rollback', ...extra]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain(`${join(t.root, CATALOGS)}: the volume is read-only (EROFS)`);
      await expectNothingWritten(t, before);
    }
    expect((await cli([...elsewhere(t), '--rollback', '--yes'])).code).toBe(0);
    expect(await t.snap()).toEqual(original);
  });

  it('where nothing is to be written, the answer is not a refusal: "already done" (0), "no run" (11)', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const fresh = await cliOnReadOnly(t.root, [...elsewhere(t), '--rollback', '--yes']);
    expect(fresh.code, fresh.stderr).toBe(11);
    expect(fresh.stderr).toMatch(/no repair run found/);
    expect((await cli([...elsewhere(t), '--yes'])).code).toBe(0);
    const before = await t.snapAll();
    const done = await cliOnReadOnly(t.root, [...elsewhere(t), '--yes']);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/already done/);
    await expectNothingWritten(t, before);
  });
});

describe.runIf(!unprivilegedMissing)('a catalog folder the user may not write (EACCES)', () => {
  it('refused before the first change: exit 2, the folder named, no failed run left; made writable, it repairs', async () => {
    const t = await affectedTree({ catalogs: 30 });
    await execa('chown', ['-R', `${NOBODY}:${NOBODY}`, t.dir]);
    await chmod(join(t.root, CATALOGS), 0o555);
    const before = await t.snapAll();
    const r = await cliAsNobody(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain(`${join(t.root, CATALOGS)}: not writable (EACCES)`);
    await expectNothingWritten(t, before);

    await chmod(join(t.root, CATALOGS), 0o755);
    const writable = await cliAsNobody(['--root', t.root, '--state-dir', t.state, '--yes', '--json']);
    expect(writable.code, writable.stderr).toBe(0);
    expect(JSON.parse(writable.stdout).result).toMatchObject({ kind: 'repaired', resumed: false });
  });
});
