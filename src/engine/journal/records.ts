import type { RunStateName } from '../run-state.js';

/** One line of the journal. Ranges are [from, to) over the plan's flattened action list. */
export type JournalRecord =
  | { type: 'begin'; runId: string; windir: string; stateDir: string; planSha256: string; actions: number; backupConfirmed: boolean; at: string }
  | { type: 'state'; state: RunStateName; at: string; error?: string }
  | { type: 'intent'; from: number; to: number }
  | { type: 'done'; from: number; to: number; result?: Record<string, unknown> }
  | { type: 'undo-intent'; from: number; to: number }
  | { type: 'undo-done'; from: number; to: number; notes?: string[] };

export const RECORD_TYPES: ReadonlySet<string> = new Set(['begin', 'state', 'intent', 'done', 'undo-intent', 'undo-done']);
