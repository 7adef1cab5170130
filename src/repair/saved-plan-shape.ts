import type { Action } from '../engine/actions/action.js';
import type { Plan } from '../engine/plan.js';
import { isStartType } from '../platform/services.js';
import type { InstallerSpec } from './context.js';

/** What a saved plan file holds besides its checksum (src/repair/saved-plan.ts writes and reads it). */
export interface SavedPlan {
  kind: typeof SAVED_PLAN_KIND;
  format: typeof SAVED_PLAN_FORMAT;
  /** The catroot-repair version that made the plan: another version may plan differently. */
  version: string;
  windir: string;
  stateDir: string;
  installer: InstallerSpec | null;
  /** The latest run when the plan was made, and its journal's length: a run or a record since makes the plan stale. */
  afterRun: { id: string; records: number } | null;
  savedAt: string;
  plan: Plan;
}

export const SAVED_PLAN_KIND = 'catroot-repair saved plan';
/** 1: the first format. A file of another format is refused, never guessed at. */
export const SAVED_PLAN_FORMAT = 1;

type Check = (v: unknown) => boolean;
const str: Check = (v) => typeof v === 'string';
const int: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const arrayOf =
  (item: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(item);
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || check(v);
const orNull =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
/** An object with exactly these fields, each passing its check. */
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.keys(v).every((k) => k in fields) && Object.entries(fields).every(([k, check]) => check(v[k]));

const ACTIONS: Record<Action['kind'], Record<string, Check>> = {
  'write-manifest': {},
  'move-file': { from: str, to: str },
  'rename-dir': { from: str, to: str, holders: optional(arrayOf(str)), proof: (v) => v === undefined || v === 'listing' },
  'make-dir': { path: str },
  'copy-file': { from: str, to: str },
  'stop-service': { name: str },
  'start-service': { name: str },
  'set-start-type': { name: str, from: isStartType, to: isStartType },
  'run-program': { file: str, args: arrayOf(str), timeoutMs: int },
};
const action: Check = (v) =>
  isObject(v) && typeof v.kind === 'string' && Object.hasOwn(ACTIONS, v.kind) && shape({ kind: str, ...ACTIONS[v.kind as Action['kind']] })(v);

const FIELDS: Record<keyof SavedPlan | 'sha256', Check> = {
  kind: str,
  format: int,
  version: str,
  windir: str,
  stateDir: str,
  installer: orNull(shape({ file: str, args: arrayOf(str), timeoutMs: int })),
  afterRun: orNull(shape({ id: str, records: int })),
  savedAt: str,
  plan: shape({
    format: (v) => v === 1,
    playbook: (v) => v === undefined || str(v),
    fingerprint: str,
    windir: str,
    stateDir: str,
    steps: arrayOf(shape({ id: str, title: str, summary: str, actions: arrayOf(action) })),
  }),
  sha256: (v) => typeof v === 'string' && /^[0-9a-f]{64}$/.test(v),
};

/** The first field that is missing or not as written, or undefined when the whole file has the saved-plan shape. */
export function shapeProblem(doc: Record<string, unknown>): string | undefined {
  const unknown = Object.keys(doc).find((k) => !(k in FIELDS));
  if (unknown) return `unknown field "${unknown}"`;
  const bad = Object.entries(FIELDS).find(([k, check]) => !check(doc[k]));
  return bad && `field "${bad[0]}" is missing or malformed`;
}
