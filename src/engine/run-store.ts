import { createHash } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import { JournalError } from '../errors.js';
import { fmt } from '../numbers.js';
import { errorCode, type Fs } from '../platform/fs.js';
import { mkdirDurable } from './durable.js';
import { sameName } from '../platform/windows-paths.js';
import type { Action } from './actions/action.js';
import { actionsFromJournal, partialsOf } from './journal/carried.js';
import type { Sequenced } from './journal/codec.js';
import { decodeRunJournal, RECOVERY_DOC } from './journal/damage.js';
import { JOURNAL_FORMAT } from './journal/records.js';
import { GROUPS } from './manifest.js';
import { JournalWriter } from './journal/writer.js';
import { actionsOf, planJson, type Plan } from './plan.js';
import { assertInsideRoots, assertPathInsideRoots } from './paths-guard.js';
import { runNames, runsDir, sequenceOf } from './run-order.js';
import { replay, type Replay } from './run-state.js';
import type { World } from './world.js';

/** A run's folder: plan.json (what it will do), journal.jsonl (what it did), manifest.jsonl and manifest.d/ (the proof). */
export interface Run {
  id: string;
  dir: string;
  /** plan.json; undefined when it is missing or unusable, and then `planLost` says why. */
  plan: Plan | undefined;
  planLost?: string;
  /** The Windows folder and the state folder the run was made for. */
  windir: string;
  stateDir: string;
  /** The playbook the run follows, as its begin record says; absent for runs made before playbooks were recorded. */
  playbook?: string;
  /** The folders its actions may touch (its playbook's roots): every path it names lies inside one. */
  roots: readonly string[];
  /**
   * Every action by index: the plan's, or with plan.json lost, those the journal's intents carry. Then a
   * never-started action is a hole, and `uncarried` counts started ones only plan.json knew (format 1).
   */
  actions: readonly Action[];
  uncarried: number;
  /** The temporary name each copy's intent recorded before the copy began, by action index. */
  partials: ReadonlyMap<number, string>;
  replay: Replay;
}

/** A run as its journal alone tells it: enough to list, order and choose runs without parsing their plans. */
export interface RunRecord {
  id: string;
  dir: string;
  /** Absent for format-1 runs, which only have a clock name. */
  sequence?: number;
  replay: Replay;
  records: Sequenced[];
}

export { runNames, runsDir, sequenceOf } from './run-order.js';

export function runIdAt(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '-');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** `attached`: the caller's own record of the world at the start, kept in the begin record (see records.ts). */
export async function createRun(
  world: World,
  plan: Plan,
  options: { backupConfirmed: boolean; roots: readonly string[]; attached?: Record<string, unknown> },
): Promise<{ run: Run; journal: JournalWriter }> {
  const { fs, clock } = world;
  await mkdirDurable(fs, runsDir(plan.stateDir));
  const names = await runNames(fs, plan.stateDir);
  const sequence = Math.max(0, ...names.map((name) => sequenceOf(name) ?? 0)) + 1;
  const previous = names.at(-1);
  const id = `${String(sequence).padStart(6, '0')}-${runIdAt(clock.now())}`;
  const dir = join(runsDir(plan.stateDir), id);
  await fs.mkdir(dir);
  // Every folder on the way to the run is durable before the run exists: an earlier run may have made them
  // and stopped before their fsync.
  for (const folder of [dirname(plan.stateDir), plan.stateDir, runsDir(plan.stateDir)]) await fs.syncDir(folder);
  const planHash = createHash('sha256');
  const planFile = await fs.openAppend(join(dir, 'plan.json'));
  try {
    for (const chunk of planJson(plan)) {
      planHash.update(chunk);
      await planFile.append(chunk);
    }
    await planFile.sync();
  } finally {
    await planFile.close();
  }
  // plan.json's name is durable before the journal that holds its sha256, and the journal's before any change.
  await fs.syncDir(dir);
  const journal = await JournalWriter.open(fs, join(dir, 'journal.jsonl'), 0);
  await journal.write({
    type: 'begin',
    format: JOURNAL_FORMAT,
    runId: id,
    windir: plan.windir,
    stateDir: plan.stateDir,
    planSha256: planHash.digest('hex'),
    ...(plan.playbook === undefined ? {} : { playbook: plan.playbook }),
    actions: actionsOf(plan).length,
    backupConfirmed: options.backupConfirmed,
    at: clock.now().toISOString(),
    sequence,
    ...(previous === undefined ? {} : { previous }),
    ...(options.attached === undefined ? {} : { attached: options.attached }),
  });
  await journal.sync();
  await fs.syncDir(dir);
  const run: Run = {
    id,
    dir,
    plan,
    windir: plan.windir,
    stateDir: plan.stateDir,
    ...(plan.playbook === undefined ? {} : { playbook: plan.playbook }),
    roots: options.roots,
    actions: actionsOf(plan),
    uncarried: 0,
    partials: new Map(),
    replay: replay(journal.records),
  };
  return { run, journal };
}

/** The tool's own file as text; a link or anything but a regular file is refused, never followed. */
async function readOwn(fs: Fs, path: string): Promise<string> {
  try {
    return (await fs.readFile(path)).toString('utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ELOOP' || code === 'EFTYPE')
      throw new JournalError(
        `${path} is ${code === 'ELOOP' ? 'a link' : 'not a regular file'}; refusing to follow or read it`,
        'The run folder was altered; nothing was changed.',
        { cause: error },
      );
    throw error;
  }
}

/** plan.json, if it is there, a regular file, and the one the journal's begin record names; otherwise why not. */
async function readPlan(fs: Fs, path: string, sha: string): Promise<{ plan: Plan } | { lost: string }> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8');
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return { lost: 'is missing' };
    if (code === 'ELOOP') return { lost: 'is a link (not followed)' };
    return { lost: code === 'EFTYPE' ? 'is not a regular file' : `cannot be read (${code ?? String(error)})` };
  }
  if (sha256(text) !== sha) return { lost: 'does not match its journal (sha256 differs)' };
  try {
    return { plan: JSON.parse(text) as Plan };
  } catch {
    return { lost: 'is not valid JSON' };
  }
}

/** What only a run whose actions started leaves in its folder: the manifests (write-manifest is its first action). */
const EVIDENCE = ['manifest.jsonl', 'manifest.jsonl.partial', GROUPS];

/**
 * A folder with no journal record yet is skipped only while nothing in it shows that actions ran: a crash
 * between making the folder (or plan.json) and the begin record leaves just that, and changed nothing.
 * With a manifest there, the journal was lost afterwards, and what the run did cannot be proved.
 */
async function assertNothingRan(fs: Fs, dir: string, journal: 'missing' | 'empty'): Promise<void> {
  const found: string[] = [];
  for (const name of EVIDENCE) if (await fs.lstat(join(dir, name))) found.push(name);
  if (found.length === 0) return;
  throw new JournalError(
    `the run folder ${dir} has its journal (journal.jsonl) ${journal}, but holds ${found.join(' and ')}: actions of that run ran, and without the journal this tool cannot prove what it did; refusing to act on it or to start another run over it`,
    `Nothing was changed. Restore journal.jsonl from a copy of the run folder, or put the files back by hand from ${join(dir, 'manifest.jsonl')} and ${join(dir, GROUPS)}/ (step by step in ${RECOVERY_DOC}), then move the run folder out of ${dirname(dir)}.`,
  );
}

/** Reads a run's journal and checks that it is this folder's run and this system's. Undefined: no record yet. */
export async function readRunRecord(fs: Fs, dir: string, windir: string): Promise<RunRecord | undefined> {
  const journalPath = join(dir, 'journal.jsonl');
  if (!(await fs.lstat(journalPath))) return void (await assertNothingRan(fs, dir, 'missing'));
  const records = decodeRunJournal(await readOwn(fs, journalPath), journalPath);
  if (records.length === 0) return void (await assertNothingRan(fs, dir, 'empty'));
  const state = replay(records);
  const name = basename(dir);
  const { runId, sequence } = state.begin;
  if (runId !== name || sequence !== sequenceOf(name)) {
    throw new JournalError(
      `the run folder ${dir} holds run ${runId}${sequence === undefined ? '' : ` (sequence ${sequence})`}, not ${name}; refusing to act on it`,
      'A run folder was renamed or copied: give it back its own name, or move it out of the runs folder.',
    );
  }
  if (!sameName(state.begin.windir, windir)) {
    throw new JournalError(`the run in ${dir} belongs to ${state.begin.windir}, not ${windir}`, 'Point --root/--state-dir at the system the run was made for.');
  }
  return { id: name, dir, sequence, replay: state, records };
}

/**
 * What a run read back must match: this system's Windows folder, and the roots of the playbook it names
 * (`rootsOf` the id its begin record gives, undefined when the caller knows no playbook of that id).
 */
export interface RunExpectation {
  windir: string;
  rootsOf(playbook: string | undefined): readonly string[] | undefined;
}

/**
 * Reads a run back and checks it may be acted on for this system: same Windows folder, paths inside the
 * roots of its playbook. With plan.json lost, the actions come from the journal's intent records (format
 * 2): enough to roll back and verify, not to resume.
 */
export async function loadRun(fs: Fs, dir: string, expect: RunExpectation): Promise<Run | undefined> {
  const record = await readRunRecord(fs, dir, expect.windir);
  return record && loadPlan(fs, record, expect);
}

export async function loadPlan(fs: Fs, record: RunRecord, expect: RunExpectation): Promise<Run> {
  const { dir, records, replay: state } = record;
  const read = await readPlan(fs, join(dir, 'plan.json'), state.begin.planSha256);
  const plan = 'plan' in read ? read.plan : undefined;
  if (plan && !sameName(plan.windir, expect.windir)) {
    throw new JournalError(
      `the run in ${dir} belongs to ${state.begin.windir}, not ${expect.windir}`,
      'Point --root/--state-dir at the system the run was made for.',
    );
  }
  const { playbook } = state.begin;
  if (plan && plan.playbook !== playbook) {
    throw new JournalError(
      `the plan.json of run ${record.id} names the playbook ${plan.playbook ?? '(none)'}, its journal ${playbook ?? '(none)'}; refusing to act on it`,
      'The run folder was edited; nothing was changed.',
    );
  }
  const roots = expect.rootsOf(playbook);
  if (!roots) {
    throw new JournalError(
      `run ${record.id} follows the playbook ${playbook}, which this catroot-repair does not know`,
      'Use the catroot-repair version that made it; nothing was changed.',
    );
  }
  const fromJournal = plan ? undefined : actionsFromJournal(records, state.begin.actions);
  const actions = plan ? actionsOf(plan) : (fromJournal as { actions: Action[] }).actions;
  // filter skips the holes of a journal-only list.
  assertInsideRoots(plan ? actions : actions.filter(() => true), roots);
  const partials = partialsOf(records);
  for (const path of partials.values()) assertPathInsideRoots(path, roots);
  const where = { windir: plan?.windir ?? state.begin.windir, stateDir: plan?.stateDir ?? state.begin.stateDir };
  const lost = 'lost' in read ? { planLost: read.lost } : {};
  const own = playbook === undefined ? {} : { playbook };
  return { id: record.id, dir, plan, ...lost, ...where, ...own, roots, actions, uncarried: fromJournal?.uncarried ?? 0, partials, replay: state };
}

/** The plan of a run that is to go on forward: resuming needs every action, which only plan.json holds. */
export function planToResume(run: Run): Plan {
  if (run.plan) return run.plan;
  throw new JournalError(
    `run ${run.id} cannot be resumed: its plan.json ${run.planLost ?? 'is missing'}, and only the plan knows the actions not yet started`,
    run.uncarried
      ? 'Restore plan.json from a copy of the run folder to resume or roll it back.'
      : 'catroot-repair --rollback still undoes it from the journal alone; then run the repair again.',
  );
}

/** A rollback or verify needs every started action; a format-1 journal does not record them, so it needs plan.json. */
export function assertActionsKnown(run: Run): void {
  if (run.uncarried === 0) return;
  throw new JournalError(
    `the plan.json of run ${run.id} ${run.planLost ?? 'is missing'}, and its journal (format 1, an older catroot-repair) does not record what its ${fmt(run.uncarried)} started action(s) were`,
    'Restore plan.json from a copy of the run folder; nothing was changed.',
  );
}

export async function openJournal(fs: Fs, run: Run): Promise<JournalWriter> {
  return JournalWriter.open(fs, join(run.dir, 'journal.jsonl'), run.replay.nextSeq);
}
