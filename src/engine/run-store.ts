import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { JournalError } from '../errors.js';
import type { Fs } from '../platform/fs.js';
import { mkdirDurable } from './durable.js';
import { sameName } from '../platform/windows-paths.js';
import { decodeJournal } from './journal/codec.js';
import { JOURNAL_FORMAT } from './journal/records.js';
import { JournalWriter } from './journal/writer.js';
import { actionsOf, planJson, type Plan } from './plan.js';
import { assertInsideRoots } from './paths-guard.js';
import { replay, type Replay } from './run-state.js';
import type { World } from './world.js';

/** A run's folder: plan.json (what it will do), journal.jsonl (what it did), manifest.jsonl and manifest.d/ (the proof). */
export interface Run {
  id: string;
  dir: string;
  plan: Plan;
  replay: Replay;
}

export const runsDir = (stateDir: string) => join(stateDir, 'runs');

export function runIdAt(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace('.', '-');
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export async function createRun(world: World, plan: Plan, options: { backupConfirmed: boolean }): Promise<{ run: Run; journal: JournalWriter }> {
  const { fs, clock } = world;
  await mkdirDurable(fs, runsDir(plan.stateDir));
  const id = runIdAt(clock.now());
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
    actions: actionsOf(plan).length,
    backupConfirmed: options.backupConfirmed,
    at: clock.now().toISOString(),
  });
  await journal.sync();
  await fs.syncDir(dir);
  return { run: { id, dir, plan, replay: replay(journal.records) }, journal };
}

export async function latestRunDir(fs: Fs, stateDir: string): Promise<string | undefined> {
  if ((await fs.lstat(runsDir(stateDir)))?.kind !== 'dir') return undefined;
  const ids = (await fs.readdir(runsDir(stateDir))).filter((e) => e.kind === 'dir').map((e) => e.name).sort();
  const last = ids.at(-1);
  return last && join(runsDir(stateDir), last);
}

/** Reads a run back and checks it may be acted on for this system: same Windows folder, paths inside the roots. */
export async function loadRun(fs: Fs, dir: string, expect: { windir: string; stateDir: string }): Promise<Run | undefined> {
  const journalPath = join(dir, 'journal.jsonl');
  if (!(await fs.lstat(journalPath))) return undefined;
  const records = decodeJournal((await fs.readFile(journalPath)).toString('utf8'), journalPath);
  if (records.length === 0) return undefined;
  const state = replay(records);
  const planText = (await fs.readFile(join(dir, 'plan.json'))).toString('utf8');
  if (sha256(planText) !== state.begin.planSha256) throw new JournalError(`${join(dir, 'plan.json')} does not match its journal (sha256 differs); refusing to act on it`);
  const plan = JSON.parse(planText) as Plan;
  if (!sameName(plan.windir, expect.windir) || !sameName(state.begin.windir, expect.windir)) {
    throw new JournalError(`the run in ${dir} belongs to ${state.begin.windir}, not ${expect.windir}`, 'Point --root/--state-dir at the system the run was made for.');
  }
  assertInsideRoots(actionsOf(plan), [expect.windir, expect.stateDir]);
  return { id: state.begin.runId, dir, plan, replay: state };
}

export async function openJournal(fs: Fs, run: Run): Promise<JournalWriter> {
  return JournalWriter.open(fs, join(run.dir, 'journal.jsonl'), run.replay.nextSeq);
}
