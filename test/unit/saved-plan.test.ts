import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from '../../src/cli/exit-codes.js';
import { actionsOf } from '../../src/engine/plan.js';
import { BadInputError, JournalError, StalePlanError } from '../../src/errors.js';
import { planRepair, repair, rollback } from '../../src/repair/repair.js';
import { afterRunOf, readSavedPlan, writeSavedPlan, type SavedPlan } from '../../src/repair/saved-plan.js';
import { SAVED_PLAN_FORMAT, SAVED_PLAN_KIND } from '../../src/repair/saved-plan-shape.js';
import { affectedVolume, ROOT, STATE } from '../helpers/scenario.js';

const WINDIR = join(ROOT, 'WINDOWS');
const FILE = '/saved/plan.json';
const EXPECT = { version: '0.1.0', windir: WINDIR, stateDir: STATE, playbook: 'catalog-overflow', roots: [WINDIR, STATE] };

async function savedVolume() {
  const volume = affectedVolume({ catalogs: 12 });
  const system = await volume.open();
  const plan = await planRepair(system);
  const saved: SavedPlan = {
    kind: SAVED_PLAN_KIND,
    format: SAVED_PLAN_FORMAT,
    version: '0.1.0',
    windir: WINDIR,
    stateDir: STATE,
    installer: null,
    afterRun: null,
    savedAt: '2026-11-22T03:00:00.000Z',
    plan,
  };
  await volume.fs.mkdir('/saved');
  await writeSavedPlan(volume.fs, FILE, saved);
  return { volume, saved, text: (await volume.fs.readFile(FILE)).toString() };
}

const firstMove = (saved: SavedPlan) => actionsOf(saved.plan).find((a) => a.kind === 'move-file') as { from: string; to: string };

/** Each case gets the saved file's text and the fs; it leaves a bad file at FILE (or none). */
type Spoil = (v: Awaited<ReturnType<typeof savedVolume>>) => Promise<unknown>;
const replaceText =
  (edit: (text: string) => string): Spoil =>
  async ({ volume, text }) => {
    await volume.fs.removeFile(FILE);
    await volume.fs.createFile(FILE, edit(text));
  };
/** Edits the document and writes it again with a correct checksum: only the binding checks can catch it. */
const resigned =
  (edit: (saved: SavedPlan) => void): Spoil =>
  async ({ volume, saved }) => {
    const copy = structuredClone(saved);
    edit(copy);
    await volume.fs.removeFile(FILE);
    await writeSavedPlan(volume.fs, FILE, copy);
  };
const json = (edit: (doc: Record<string, any>) => void) =>
  replaceText((text) => {
    const doc = JSON.parse(text);
    edit(doc);
    return JSON.stringify(doc);
  });

describe('reading a saved plan: every bad file is bad input (exit 2) with a clear message', () => {
  it.each<[string, Spoil, RegExp]>([
    ['missing', async ({ volume }) => volume.fs.removeFile(FILE), /no saved plan at \/saved\/plan\.json/],
    ['a folder, not a file', async ({ volume }) => (await volume.fs.removeFile(FILE), volume.fs.mkdir(FILE)), /the saved plan .* is not a regular file/],
    ['cut short', replaceText((t) => t.slice(0, t.length / 2)), /is not a saved plan \(not JSON\)/],
    ['empty', replaceText(() => ''), /not JSON/],
    ['JSON, but something else', replaceText(() => '{"format":1,"steps":[]}'), /is not a catroot-repair saved plan/],
    ['an array', replaceText(() => '[1,2]'), /is not a catroot-repair saved plan/],
    ['a newer format', json((d) => (d.format = 2)), /has saved-plan format 2; this catroot-repair reads format 1/],
    ['no plan', json((d) => delete d.plan), /not a well-formed saved plan \(field "plan" is missing or malformed\)/],
    ['an unknown action', json((d) => (d.plan.steps[2].actions[0].kind = 'delete-file')), /field "plan" is missing or malformed/],
    ['an extra field', json((d) => (d.note = 'x')), /unknown field "note"/],
    ['no checksum', json((d) => delete d.sha256), /field "sha256"/],
    ['a move edited', replaceText((t) => t.replace('/backup/', '/backup2/')), /was edited after it was saved \(its sha256 does not match\)/],
    ['the afterRun edited', json((d) => (d.afterRun = { id: 'x', records: 3 })), /was edited after it was saved/],
    ['re-checksummed, another version', resigned((s) => (s.version = '9.9.9')), /was saved by catroot-repair 9\.9\.9; this is 0\.1\.0/],
    ['re-checksummed, another Windows folder', resigned((s) => (s.windir = '/other/WINDOWS')), /is a plan for \/other\/WINDOWS, not \/volume\/WINDOWS/],
    ['re-checksummed, the plan for another Windows folder', resigned((s) => (s.plan.windir = '/other/WINDOWS')), /is a plan for/],
    ['re-checksummed, another state folder', resigned((s) => (s.stateDir = '/elsewhere')), /was saved for the state folder \/elsewhere, not \/state/],
    ['re-checksummed, a move out of the tree', resigned((s) => (firstMove(s).to = '/etc/passwd')), /names \/etc\/passwd: outside/],
  ])('%s', async (_, spoil, message) => {
    const v = await savedVolume();
    await spoil(v);
    const before = await v.volume.snap();
    const error = await readSavedPlan(v.volume.fs, FILE, EXPECT).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadInputError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/nothing was changed$/);
    expect(exitCodeFor(error)).toBe(2);
    expect(await v.volume.snap()).toEqual(before);
  });

  it('a good file reads back as written', async () => {
    const { volume, saved } = await savedVolume();
    expect(await readSavedPlan(volume.fs, FILE, EXPECT)).toEqual(saved);
  });

  it('an existing file is never replaced, and nothing is written', async () => {
    const { volume, saved } = await savedVolume();
    await volume.fs.removeFile(FILE);
    await volume.fs.createFile(FILE, 'mine');
    await expect(writeSavedPlan(volume.fs, FILE, saved)).rejects.toThrow(/cannot create \/saved\/plan\.json \(EEXIST\); no plan was saved/);
    expect((await volume.fs.readFile(FILE)).toString()).toBe('mine');
  });
});

describe('applying a saved plan (under the lock)', () => {
  it('applies exactly the saved actions when nothing changed', async () => {
    const { volume, saved } = await savedVolume();
    const outcome = await repair(await volume.open(), { backupConfirmed: false, saved });
    expect(outcome.kind).toBe('repaired');
    const run = outcome.kind === 'repaired' ? outcome.run : undefined;
    const written = JSON.parse((await volume.fs.readFile(join(run!.dir, 'plan.json'))).toString());
    expect(actionsOf(written)).toEqual(actionsOf(saved.plan));
  });

  it.each<[string, Spoil, new (...a: never[]) => Error, RegExp]>([
    [
      'a catalog added',
      async ({ volume }) => volume.fs.createFile(join(WINDIR, 'system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB999999.cat'), 'new'),
      StalePlanError,
      /the system changed since the plan was saved/,
    ],
    [
      'a catalog removed',
      async ({ volume, saved }) => volume.fs.removeFile(firstMove(saved).from),
      StalePlanError,
      /the system changed since the plan was saved/,
    ],
    [
      'a run made since',
      async ({ volume }) => (await repair(await volume.open(), { backupConfirmed: false }), rollback(await volume.open())),
      StalePlanError,
      /run \S+ was made after the plan was saved/,
    ],
    [
      'the actions edited and the file re-checksummed',
      async (v) => {
        await resigned((s) => (firstMove(s).to = firstMove(s).to.replace('/backup/', '/backup/x-')))(v);
        v.saved = await readSavedPlan(v.volume.fs, FILE, EXPECT);
      },
      BadInputError,
      /not the plan its facts give: it was edited/,
    ],
  ])('refuses when %s; nothing changed', async (_, change, type, message) => {
    const v = await savedVolume();
    await change(v);
    const before = await v.volume.snap();
    const runs = await v.volume.fs.lstat(join(STATE, 'runs')).then((i) => (i ? v.volume.fs.readdir(join(STATE, 'runs')) : []));
    await expect(repair(await v.volume.open(), { backupConfirmed: false, saved: v.saved })).rejects.toSatisfy(
      (e) => e instanceof type && message.test((e as Error).message),
    );
    expect(await v.volume.snap()).toEqual(before);
    expect(await v.volume.fs.lstat(join(STATE, 'runs')).then((i) => (i ? v.volume.fs.readdir(join(STATE, 'runs')) : []))).toEqual(runs);
  });

  it('the latest run going on after the save (a rollback of it started) makes the plan stale', async () => {
    const volume = affectedVolume({ catalogs: 6 });
    await repair(await volume.open(), { backupConfirmed: false });
    await rollback(await volume.open());
    const system = await volume.open();
    const { latestRun } = await import('../../src/repair/runs.js');
    const previous = await latestRun(system);
    const saved: SavedPlan = {
      kind: SAVED_PLAN_KIND,
      format: 1,
      version: '0.1.0',
      windir: WINDIR,
      stateDir: STATE,
      installer: null,
      afterRun: afterRunOf(previous),
      savedAt: 'now',
      plan: await planRepair(system),
    };
    expect(saved.afterRun).toEqual({ id: previous!.id, records: previous!.replay.nextSeq });
    await expect(repair(await volume.open(), { backupConfirmed: false, saved: { ...saved, afterRun: { ...saved.afterRun!, records: 2 } } })).rejects.toThrow(
      /went on after the plan was saved/,
    );
    await expect(repair(await volume.open(), { backupConfirmed: false, saved: { ...saved, afterRun: null } })).rejects.toThrow(
      /was made after the plan was saved/,
    );
    expect((await repair(await volume.open(), { backupConfirmed: false, saved })).kind).toBe('repaired');
  });

  it('a stopped rollback is refused first, as for any repair (exit 12)', async () => {
    const { volume, saved } = await savedVolume();
    expect((await repair(await volume.open(), { backupConfirmed: false })).kind).toBe('repaired');
    // A folder where a catalog was: the rollback sets aside only a regular file in its way, so it stops here.
    await volume.fs.mkdir(firstMove(saved).from);
    expect((await rollback(await volume.open())).report.conflicts.length).toBeGreaterThan(0);
    await expect(repair(await volume.open(), { backupConfirmed: false, saved })).rejects.toBeInstanceOf(JournalError);
  });
});
