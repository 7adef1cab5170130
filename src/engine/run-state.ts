import type { Sequenced } from './journal/codec.js';
import { JournalError } from '../errors.js';
import { JOURNAL_FORMAT, type RunStateName } from './journal/records.js';

export type { RunStateName };

/** Which state may follow which. A state may repeat: that is a resume after a crash. */
const NEXT: Record<RunStateName, readonly RunStateName[]> = {
  planned: ['applying', 'rolling-back'],
  applying: ['applying', 'applied', 'failed', 'rolling-back'],
  failed: ['applying', 'rolling-back'],
  applied: ['rolling-back'],
  'rolling-back': ['rolling-back', 'rolled-back', 'failed'],
  'rolled-back': [],
};

export function canMove(from: RunStateName, to: RunStateName): boolean {
  return NEXT[from].includes(to);
}

export type Progress = 'untouched' | 'in-doubt' | 'done';

/** What the journal says about a run: its state and, per action, how far forward and backward it got. */
export interface Replay {
  begin: Extract<Sequenced, { type: 'begin' }>;
  state: RunStateName;
  error?: string;
  forward: Progress[];
  backward: Progress[];
  results: Map<number, Record<string, unknown>>;
  rollbackNotes: string[];
  nextSeq: number;
}

function mark(list: Progress[], from: number, to: number, value: Progress) {
  if (from < 0 || to > list.length || from > to) throw new JournalError(`journal range [${from}, ${to}) is outside the plan`);
  list.fill(value, from, to);
}

export function replay(records: readonly Sequenced[]): Replay {
  const [begin, ...rest] = records;
  if (begin?.type !== 'begin') throw new JournalError('journal does not start with a begin record');
  if ((begin.format ?? 1) > JOURNAL_FORMAT)
    throw new JournalError(
      `the journal has format ${begin.format}; this catroot-repair reads formats up to ${JOURNAL_FORMAT}`,
      'Use the catroot-repair version that wrote it.',
    );
  const run: Replay = {
    begin,
    state: 'planned',
    forward: new Array<Progress>(begin.actions).fill('untouched'),
    backward: new Array<Progress>(begin.actions).fill('untouched'),
    results: new Map(),
    rollbackNotes: [],
    nextSeq: records.length,
  };
  for (const r of rest) {
    switch (r.type) {
      case 'begin':
        throw new JournalError('journal has a second begin record');
      case 'state':
        if (!canMove(run.state, r.state)) throw new JournalError(`journal moves from ${run.state} to ${r.state}, which cannot happen`);
        run.state = r.state;
        run.error = r.error;
        break;
      case 'intent':
        mark(run.forward, r.from, r.to, 'in-doubt');
        break;
      case 'done':
        mark(run.forward, r.from, r.to, 'done');
        if (r.result) run.results.set(r.from, r.result);
        break;
      case 'undo-intent':
        mark(run.backward, r.from, r.to, 'in-doubt');
        break;
      case 'undo-done':
        mark(run.backward, r.from, r.to, 'done');
        run.rollbackNotes.push(...(r.notes ?? []));
        break;
    }
  }
  return run;
}
