import type { Action } from '../actions/action.js';

/** A run's state as its journal records it. */
export type RunStateName = 'planned' | 'applying' | 'applied' | 'failed' | 'rolling-back' | 'rolled-back';

/**
 * The journal's on-disk format. 1: no `format` field in the begin record (read as before). 2: this
 * release; the begin record says `format: 2`. A journal of a newer format is refused, never guessed at.
 * Format 2 begin records may carry `sequence` (the run's place in its state folder, also the start of its
 * folder name) and `previous` (the run before it); format-1 runs have neither and are ordered by name.
 * It may also carry `attached`: what the caller recorded with the run at its start. The engine writes it
 * and hands it back, and never reads it. And `playbook`: the id of the playbook whose plan the run follows;
 * a format-2 journal without one was made before playbooks were recorded (the caller says which that is).
 * An optional field, so the format stays 2: an older catroot-repair still reads, resumes and undoes the run.
 */
export const JOURNAL_FORMAT = 2;

/** Format 2: a group of moves from one folder to another under the same names; both folders end in their separator. */
export interface CarriedMoves {
  fromDir: string;
  toDir: string;
  names: string[];
}

/**
 * One line of the journal. Ranges are [from, to) over the plan's flattened action list. Format 2: an
 * intent also carries its actions (`moves` or `actions`), so a run can be rolled back with plan.json
 * lost, and a copy's temporary file name (`partial`), recorded before the file is created.
 */
export type JournalRecord =
  | {
      type: 'begin';
      format?: number;
      runId: string;
      windir: string;
      stateDir: string;
      planSha256: string;
      playbook?: string;
      actions: number;
      backupConfirmed: boolean;
      at: string;
      sequence?: number;
      previous?: string;
      attached?: Record<string, unknown>;
    }
  | { type: 'state'; state: RunStateName; at: string; error?: string }
  | { type: 'intent'; from: number; to: number; moves?: CarriedMoves; actions?: Action[]; partial?: string }
  | { type: 'done'; from: number; to: number; result?: Record<string, unknown> }
  | { type: 'undo-intent'; from: number; to: number }
  | { type: 'undo-done'; from: number; to: number; notes?: string[] };

export const RECORD_TYPES: ReadonlySet<string> = new Set(['begin', 'state', 'intent', 'done', 'undo-intent', 'undo-done']);
