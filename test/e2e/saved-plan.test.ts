import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { actionsOf, type Plan } from '../../src/engine/plan.js';
import { catalogBytes } from '../../src/demo/affected-server.js';
import { affectedTree, cli } from '../helpers/cli.js';

const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

/** An affected tree and a plan saved for it by the built CLI. */
async function savedPlan() {
  const t = await affectedTree({ catalogs: 40 });
  const args = ['--root', t.root, '--state-dir', t.state];
  const file = join(t.dir, 'plan.json');
  const r = await cli([...args, '--dry-run', '--save-plan', file, '--json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.savedPlan).toEqual({ file });
  const saved = JSON.parse(await readFile(file, 'utf8'));
  // The plan saved is the plan the dry run showed.
  expect(saved.plan).toEqual(doc.plan);
  expect(saved.plan.playbook).toBe('catalog-overflow');
  return { t, args, file, saved: saved as { plan: Plan } };
}

describe('--dry-run --save-plan, then --plan', () => {
  it("nothing changed: --plan applies exactly the saved plan (the run's actions are the saved ones)", async () => {
    const { args, file, saved } = await savedPlan();
    const check = await cli([...args, '--plan', file, '--dry-run', '--json']);
    expect(check.code, check.stderr).toBe(0);
    expect(check.stderr).toMatch(/the saved plan is still the plan for this system/);
    const r = await cli([...args, '--plan', file, '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout).result;
    expect(result.kind).toBe('repaired');
    const ran = JSON.parse(await readFile(join(result.runDir, 'plan.json'), 'utf8')) as Plan;
    expect(actionsOf(ran)).toEqual(actionsOf(saved.plan));
    expect(ran.fingerprint).toBe(saved.plan.fingerprint);
    expect(ran.playbook).toBe('catalog-overflow');
    // A second --plan: a run happened after the plan was saved.
    const again = await cli([...args, '--plan', file, '--yes']);
    expect(again.code).toBe(13);
    expect(again.stderr).toMatch(/run \S+ was made after the plan was saved; nothing was changed/);
    const shown = await cli([...args, '--plan', file, '--dry-run']);
    expect(shown.code).toBe(13);
    expect(shown.stdout).toMatch(/Plan \(fingerprint /);
    expect(shown.stderr).toMatch(/was made after the plan was saved/);
    expect((await cli([...args, '--rollback', '--yes'])).code).toBe(0);
  });

  it.each([
    ['a catalog added', (root: string) => writeFile(join(root, CATALOGS, 'KB999999.cat'), catalogBytes('KB999999.cat'))],
    ['a catalog removed', (root: string) => rm(join(root, CATALOGS, 'KB820007.CAT'))],
  ])('the world changed (%s): --plan exits 13 and the tree is byte for byte unchanged', async (_, change) => {
    const { t, args, file } = await savedPlan();
    await change(t.root);
    const before = await t.snap();
    const savedBytes = await readFile(file);
    for (const extra of [['--yes'], ['--dry-run']]) {
      const r = await cli([...args, '--plan', file, ...extra]);
      expect(r.code, `${extra}: ${r.stderr}`).toBe(13);
      expect(r.stderr).toMatch(/the system changed since the plan was saved; nothing was changed/);
      expect(await t.snap()).toEqual(before);
    }
    expect(await readFile(file)).toEqual(savedBytes);
    expect(await readdir(t.state).catch(() => [])).not.toContain('runs');
  });

  it('an existing FILE is not overwritten (exit 2), and nothing is written', async () => {
    const t = await affectedTree({ catalogs: 5 });
    const file = join(t.dir, 'mine.json');
    await writeFile(file, 'my own notes');
    const before = await t.snapAll();
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--dry-run', '--save-plan', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine\.json exists; a saved plan never replaces a file/);
    expect(await t.snapAll()).toEqual(before);
  });

  it.each([
    ['a destination edited', (text: string) => text.replace('/backup/', '/backup-9/'), /was edited after it was saved/],
    ['cut short', (text: string) => text.slice(0, 500), /not JSON/],
    ['a newer format', (text: string) => text.replace('"format":1,"version"', '"format":7,"version"'), /format 7/],
  ])('a tampered plan file (%s): exit 2, nothing changed', async (_, edit, message) => {
    const { t, args, file } = await savedPlan();
    await writeFile(file, edit(await readFile(file, 'utf8')));
    const before = await t.snapAll();
    const r = await cli([...args, '--plan', file, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await t.snapAll()).toEqual(before);
  });

  it('a saved plan for another system is refused (exit 2)', async () => {
    const { file } = await savedPlan();
    const other = await affectedTree({ catalogs: 40 });
    const before = await other.snapAll();
    const r = await cli(['--root', other.root, '--state-dir', other.state, '--plan', file, '--yes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is a plan for .*, not /);
    expect(await other.snapAll()).toEqual(before);
  });

  it.each([
    [['--save-plan', 'x.json'], /--save-plan works only with --dry-run/],
    [['--plan', 'x.json', '--save-plan', 'y.json', '--dry-run'], /do not go together/],
    [['--plan', 'x.json', '--installer', 'sp2.exe', '--yes'], /--plan applies the installer saved with the plan/],
    [['--plan', 'x.json', '--rollback', '--yes'], /--plan does nothing with rollback/],
    [['--plan', 'x.json'], /no terminal to ask on, and --yes was not given/],
  ])('%j: exit 2', async (flags, message) => {
    const t = await affectedTree({ catalogs: 5 });
    const before = await t.snapAll();
    const r = await cli(['--root', t.root, '--state-dir', t.state, ...flags], {}, t.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(await t.snapAll()).toEqual(before);
  });
});
