import { createHash } from 'node:crypto';
import { BadInputError, JournalError, StalePlanError } from '../errors.js';
import { actionsOf, planJson, type Plan } from '../engine/plan.js';
import { assertInsideRoots } from '../engine/paths-guard.js';
import type { Run } from '../engine/run-store.js';
import { errorCode, type Fs } from '../platform/fs.js';
import { sameName } from '../platform/windows-paths.js';
import { playbookIdOf } from './playbook.js';
import type { NextRun } from './runs.js';
import { SAVED_PLAN_FORMAT, SAVED_PLAN_KIND, shapeProblem, type SavedPlan } from './saved-plan-shape.js';

export { SAVED_PLAN_FORMAT, SAVED_PLAN_KIND, type SavedPlan };

/**
 * A saved plan file: `{...binding, "plan": {...}, "sha256": "..."}`. The sha256 covers the binding (in a fixed
 * field order) and the plan's text, so an edit is found; it is a checksum, not a signature. The real run trusts
 * the file no further than the disk: under the lock it makes the plan again and applies the saved one only if
 * both are the same.
 */
function* bodyPieces(saved: SavedPlan): Generator<string> {
  const { kind, format, version, windir, stateDir, installer, afterRun, savedAt } = saved;
  yield `${JSON.stringify({ kind, format, version, windir, stateDir, installer, afterRun, savedAt }).slice(0, -1)},"plan":`;
  yield* planJson(saved.plan);
}

const sha256Of = (pieces: Iterable<string>) => {
  const hash = createHash('sha256');
  for (const piece of pieces) hash.update(piece);
  return hash.digest('hex');
};

/** sha256 of plan.json's text for this plan: two plans with the same text are the same plan. */
export const planSha256 = (plan: Plan) => sha256Of(planJson(plan));

export const afterRunOf = (run: Pick<Run, 'id' | 'replay'> | undefined): SavedPlan['afterRun'] => (run ? { id: run.id, records: run.replay.nextSeq } : null);

/** Writes a new file, never an existing one (created exclusively); a file left half-written by an error is removed: it is the tool's own. */
export async function writeSavedPlan(fs: Fs, path: string, saved: SavedPlan): Promise<void> {
  const pieces = bodyPieces(saved);
  const hash = createHash('sha256');
  const first = pieces.next().value as string;
  hash.update(first);
  try {
    await fs.createFile(path, first);
  } catch (error) {
    const hint = errorCode(error) === 'EEXIST' ? 'A saved plan never replaces a file: give a new file name.' : undefined;
    throw new BadInputError(`cannot create ${path} (${errorCode(error) ?? 'error'}); no plan was saved`, hint, { cause: error });
  }
  try {
    const file = await fs.openAppend(path);
    try {
      for (const piece of pieces) {
        hash.update(piece);
        await file.append(piece);
      }
      await file.append(`,"sha256":"${hash.digest('hex')}"}\n`);
      await file.sync();
    } finally {
      await file.close();
    }
  } catch (error) {
    await fs.removeFile(path);
    throw error;
  }
}

const bad = (message: string, hint?: string) => new BadInputError(`${message}; nothing was changed`, hint);

/** Reads a saved plan and checks it may be applied to this system; any problem is bad input (exit 2). */
/** `playbook`: the id of the playbook this invocation runs, and `roots`: the folders it may touch. */
export interface SavedPlanExpectation {
  version: string;
  windir: string;
  stateDir: string;
  playbook: string;
  roots: readonly string[];
  /** When no playbook was named: a plan of any of these is accepted, inside that playbook's own roots. */
  anyOf?: Readonly<Record<string, readonly string[]>>;
}

export async function readSavedPlan(fs: Fs, path: string, expect: SavedPlanExpectation): Promise<SavedPlan> {
  let text: string;
  try {
    text = (await fs.readFile(path)).toString('utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw bad(`no saved plan at ${path}`, 'Save one with --dry-run --save-plan FILE.');
    if (errorCode(error) === 'EFTYPE' || errorCode(error) === 'ELOOP') throw bad(`the saved plan ${path} is not a regular file (a folder, a link or a device)`);
    throw bad(`cannot read the saved plan ${path} (${errorCode(error) ?? 'error'})`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw bad(`${path} is not a saved plan (not JSON)`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc) || (doc as { kind?: unknown }).kind !== SAVED_PLAN_KIND)
    throw bad(`${path} is not a catroot-repair saved plan`);
  const { format } = doc as { format?: unknown };
  if (format !== SAVED_PLAN_FORMAT) throw bad(`${path} has saved-plan format ${String(format)}; this catroot-repair reads format ${SAVED_PLAN_FORMAT}`);
  const problem = shapeProblem(doc as Record<string, unknown>);
  if (problem) throw bad(`${path} is not a well-formed saved plan (${problem})`);
  const { sha256, ...saved } = doc as SavedPlan & { sha256: string };
  if (sha256Of(bodyPieces(saved)) !== sha256)
    throw bad(`${path} was edited after it was saved (its sha256 does not match)`, 'Save the plan again with --dry-run --save-plan FILE.');
  return bound(saved, path, expect);
}

function bound(saved: SavedPlan, path: string, expect: SavedPlanExpectation): SavedPlan {
  if (saved.version !== expect.version)
    throw bad(`${path} was saved by catroot-repair ${saved.version}; this is ${expect.version}`, 'Save the plan again with this version.');
  if (!sameName(saved.windir, expect.windir) || !sameName(saved.plan.windir, saved.windir))
    throw bad(`${path} is a plan for ${saved.windir}, not ${expect.windir}`);
  if (!sameName(saved.stateDir, expect.stateDir) || !sameName(saved.plan.stateDir, saved.stateDir)) {
    throw bad(`${path} was saved for the state folder ${saved.stateDir}, not ${expect.stateDir}`, 'Give the --state-dir it was saved with.');
  }
  const playbook = playbookIdOf(saved.plan.playbook);
  const roots = expect.anyOf ? expect.anyOf[playbook] : playbook === expect.playbook ? expect.roots : undefined;
  if (!roots) throw bad(`${path} is a plan of the playbook ${playbook}, not ${expect.anyOf ? Object.keys(expect.anyOf).join(' or ') : expect.playbook}`);
  try {
    assertInsideRoots(actionsOf(saved.plan), roots);
  } catch (error) {
    if (error instanceof JournalError) throw bad(`${path}: ${error.message}`);
    throw error;
  }
  return saved;
}

/** The plan was made after the latest run as it was then: another run since, or more of its journal, makes it stale. */
export function assertNoRunSince(saved: SavedPlan, next: NextRun): asserts next is Extract<NextRun, { kind: 'new' }> {
  if (next.kind === 'resume')
    throw new StalePlanError(
      `run ${next.run.id} is unfinished: the next repair resumes it, not a saved plan; nothing was changed`,
      'Resume it (without --plan) or roll it back first.',
    );
  const now = afterRunOf(next.latest);
  if (now?.id === saved.afterRun?.id && now?.records === saved.afterRun?.records) return;
  const what =
    now && now.id === saved.afterRun?.id ? `run ${now.id} went on` : now ? `run ${now.id} was made` : `the run it followed (${saved.afterRun?.id}) is gone`;
  throw new StalePlanError(`${what} after the plan was saved; nothing was changed`, 'Save the plan again with --dry-run --save-plan FILE.');
}
