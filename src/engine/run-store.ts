import { createHash } from 'node:crypto';
import { basename, join } from 'node:path';
import { JournalError } from '../errors.js';
import type { Fs } from '../platform/fs.js';
import { sameName } from '../platform/windows-paths.js';
import { decodeJournal } from './journal/codec.js';
import { JOURNAL_FORMAT } from './journal/records.js';
import { JournalWriter } from './journal/writer.js';
import { actionsOf, planJson, type Plan } from './plan.js';
import { assertInsideRoots } from './paths-guard.js';
import { runNames, runsDir, sequenceOf } from './run-order.js';
import { replay, type Replay } from './run-state.js';
import type { World } from './world.js';

/** A run's folder: plan.json (what it will do), journal.jsonl (what it did), manifest.jsonl and manifest.d/ (the proof). */
export interface Run {
  id: string;
  dir: string;
  plan: Plan;
  replay: Replay;
}

/** A run as its journal alone tells it: enough to list, order and choose runs without parsing their plans. */
export interface RunRecord {
  id: string;
  dir: string;
  /** Absent for format-1 runs, which only have a clock name. */
  sequence?: number;
  replay: Replay;
}

export { runNames, runsDir, sequenceOf } from './run-order.js';

export function runIdAt(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '-');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createRun(world: World, plan: Plan, options: { backupConfirmed: boolean }): Promise<{ run: Run; journal: JournalWriter }> {
  const { fs, clock } = world;
  await fs.mkdir(runsDir(plan.stateDir), { recursive: true });
  const names = await runNames(fs, plan.stateDir);
  const sequence = Math.max(0, ...names.map((name) => sequenceOf(name) ?? 0)) + 1;
  const previous = names.at(-1);
  const id = `${String(sequence).padStart(6, '0')}-${runIdAt(clock.now())}`;
  const dir = join(runsDir(plan.stateDir), id);
  await fs.mkdir(dir);
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
  const journal = await JournalWriter.open(fs, join(dir, 'journal.jsonl'), 0);
  await journal.write({
    type: 'begin',
    format: JOURNAL_FORMAT,
    runId: id,
    windir: plan.windir,
    stateDir: plan.stateDir,
    planSha256: planHash.digest('hex'),
    actions: actionsOf(plan).length,
    backupConfirmed: options.backupConfirmed,
    at: clock.now().toISOString(),
    sequence,
    ...(previous === undefined ? {} : { previous }),
  });
  await journal.sync();
  return { run: { id, dir, plan, replay: replay(journal.records) }, journal };
}

/** Reads a run's journal and checks that it is this folder's run and this system's. Undefined: no record yet. */
export async function readRunRecord(fs: Fs, dir: string, windir: string): Promise<RunRecord | undefined> {
  const journalPath = join(dir, 'journal.jsonl');
  if (!(await fs.lstat(journalPath))) return undefined;
  const records = decodeJournal((await fs.readFile(journalPath)).toString('utf8'), journalPath);
  if (records.length === 0) return undefined;
  const state = replay(records);
  const name = basename(dir);
  const { runId, sequence } = state.begin;
  if (runId !== name || sequence !== sequenceOf(name)) {
    throw new JournalError(`the run folder ${dir} holds run ${runId}${sequence === undefined ? '' : ` (sequence ${sequence})`}, not ${name}; refusing to act on it`, 'A run folder was renamed or copied: give it back its own name, or move it out of the runs folder.');
  }
  if (!sameName(state.begin.windir, windir)) {
    throw new JournalError(`the run in ${dir} belongs to ${state.begin.windir}, not ${windir}`, 'Point --root/--state-dir at the system the run was made for.');
  }
  return { id: name, dir, sequence, replay: state };
}

/** Reads a run back and checks it may be acted on for this system: same Windows folder, paths inside the roots. */
export async function loadRun(fs: Fs, dir: string, expect: { windir: string; stateDir: string }): Promise<Run | undefined> {
  const record = await readRunRecord(fs, dir, expect.windir);
  return record && loadPlan(fs, record, expect);
}

export async function loadPlan(fs: Fs, record: RunRecord, expect: { windir: string; stateDir: string }): Promise<Run> {
  const { dir, replay: state } = record;
  const planText = (await fs.readFile(join(dir, 'plan.json'))).toString('utf8');
  if (sha256(planText) !== state.begin.planSha256) throw new JournalError(`${join(dir, 'plan.json')} does not match its journal (sha256 differs); refusing to act on it`);
  const plan = JSON.parse(planText) as Plan;
  if (!sameName(plan.windir, expect.windir)) {
    throw new JournalError(`the run in ${dir} belongs to ${state.begin.windir}, not ${expect.windir}`, 'Point --root/--state-dir at the system the run was made for.');
  }
  assertInsideRoots(actionsOf(plan), [expect.windir, expect.stateDir]);
  return { id: record.id, dir, plan, replay: state };
}

export async function openJournal(fs: Fs, run: Run): Promise<JournalWriter> {
  return JournalWriter.open(fs, join(run.dir, 'journal.jsonl'), run.replay.nextSeq);
}
