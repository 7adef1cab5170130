import { JournalError } from '../../errors.js';
import { isStartType } from '../../platform/services.js';
import type { Action } from '../actions/action.js';
import type { Sequenced } from './codec.js';
import type { CarriedMoves, JournalRecord } from './records.js';

type Intent = Extract<JournalRecord, { type: 'intent' }>;
type Carried = Pick<Intent, 'moves' | 'actions' | 'partial'>;

/** The temporary name of a copy: unique to the run and the action, so it can never be a name the tool did not create. */
export function partialName(runId: string, index: number, to: string): string {
  return `${to}.catroot-repair-${runId}-${index}.partial`;
}

const folderOf = (path: string) => path.slice(0, Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);

/** 512 moves as two folders and 512 names (about 15 bytes a file, not two full paths), when they are that regular. */
function asMoves(actions: readonly Action[]): CarriedMoves | undefined {
  const first = actions[0];
  if (first?.kind !== 'move-file') return undefined;
  const [fromDir, toDir] = [folderOf(first.from), folderOf(first.to)];
  const names: string[] = [];
  for (const a of actions) {
    if (a.kind !== 'move-file' || !a.from.startsWith(fromDir)) return undefined;
    const name = a.from.slice(fromDir.length);
    if (name === '' || /[\\/]/.test(name) || a.to !== toDir + name) return undefined;
    names.push(name);
  }
  return { fromDir, toDir, names };
}

/** What the intent record of actions [from, from + actions.length) carries (format 2). */
export function carry(runId: string, from: number, actions: readonly Action[]): Carried {
  const moves = asMoves(actions);
  const copy = actions.length === 1 && actions[0]?.kind === 'copy-file' ? actions[0] : undefined;
  return { ...(moves ? { moves } : { actions: [...actions] }), ...(copy ? { partial: partialName(runId, from, copy.to) } : {}) };
}

const isString = (v: unknown): v is string => typeof v === 'string';
const PATHS: Record<string, readonly string[]> = {
  'move-file': ['from', 'to'],
  'rename-dir': ['from', 'to'],
  'copy-file': ['from', 'to'],
  'make-dir': ['path'],
  'stop-service': ['name'],
  'start-service': ['name'],
  'set-start-type': ['name', 'from', 'to'],
  'run-program': ['file'],
  'write-manifest': [],
};
/** What the string fields do not say: the optional holders and proof of a rename, the start types. */
const MORE: Record<string, (a: Record<string, unknown>) => boolean> = {
  'rename-dir': (a) => (a.holders === undefined || (Array.isArray(a.holders) && a.holders.every(isString))) && (a.proof === undefined || a.proof === 'listing'),
  'set-start-type': (a) => isStartType(a.from) && isStartType(a.to),
};
const wellFormed = (a: Record<string, unknown>) => PATHS[a?.kind as string]?.every((key) => isString(a[key])) === true && (MORE[a.kind as string]?.(a) ?? true);

/** The actions an intent carries, in order; undefined for a format-1 intent. A journal re-signed with other shapes is refused. */
function carriedActions(r: Intent): Action[] | undefined {
  const bad = () => new JournalError(`the journal's intent record for actions ${r.from}-${r.to} is malformed; refusing to act on it`);
  let actions: Action[] | undefined;
  if (r.moves !== undefined) {
    const { fromDir, toDir, names } = r.moves;
    if (!isString(fromDir) || !isString(toDir) || !Array.isArray(names) || !names.every(isString)) throw bad();
    actions = names.map((name): Action => ({ kind: 'move-file', from: fromDir + name, to: toDir + name }));
  } else if (r.actions !== undefined) {
    if (!Array.isArray(r.actions) || !r.actions.every((a) => wellFormed(a as Record<string, unknown>))) throw bad();
    actions = r.actions;
  }
  if (actions && actions.length !== r.to - r.from) throw bad();
  return actions;
}

export interface JournalActions {
  /** By index, the actions the intents carry; an action no intent carries (never started, or a format-1 intent) is a hole. */
  actions: Action[];
  /** Started actions whose intent carries nothing (format 1): only plan.json knows them. */
  uncarried: number;
}

/** What the journal alone says the run's started actions were. */
export function actionsFromJournal(records: readonly Sequenced[], total: number): JournalActions {
  const actions = new Array<Action>(total);
  const started = new Array<boolean>(total).fill(false);
  for (const r of records) {
    if (r.type !== 'intent') continue;
    started.fill(true, r.from, r.to);
    carriedActions(r)?.forEach((a, k) => (actions[r.from + k] = a));
  }
  return { actions, uncarried: started.filter((s, i) => s && !(i in actions)).length };
}

/** The temporary name each copy's intent recorded, by action index. */
export function partialsOf(records: readonly Sequenced[]): Map<number, string> {
  const out = new Map<number, string>();
  for (const r of records) if (r.type === 'intent' && isString(r.partial)) out.set(r.from, r.partial);
  return out;
}
