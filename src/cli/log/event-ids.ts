import { EXIT } from '../exit-codes.js';

/** How a run ended, as the command that ran it knows: anything else is told by the exit code alone. */
export type RunResult = 'repaired' | 'already-done' | 'rolled-back' | 'dry-run';

export type EventType = 'INFORMATION' | 'WARNING' | 'ERROR';

export interface OutcomeEvent {
  id: number;
  type: EventType;
  /** The outcome in a few words: the start of the event's text, and the row of docs/fleet.md's table. */
  meaning: string;
}

/** The Application log's event ids (eventcreate takes 1 to 1000): the one table the code and docs/fleet.md use. */
export const OUTCOME_EVENTS = {
  repaired: { id: 100, type: 'INFORMATION', meaning: 'repaired' },
  alreadyDone: { id: 101, type: 'INFORMATION', meaning: 'already repaired: nothing to change' },
  rolledBack: { id: 102, type: 'INFORMATION', meaning: 'rolled back' },
  rebootNeeded: { id: 103, type: 'WARNING', meaning: 'repaired; the installer asks for a reboot (exit 3010)' },
  dryRun: { id: 104, type: 'INFORMATION', meaning: 'dry run: nothing was changed (only in the --log file: a dry run writes no event)' },
  refused: { id: 200, type: 'WARNING', meaning: 'refused: nothing was changed' },
  failed: { id: 300, type: 'ERROR', meaning: 'failed or stopped: resume or roll back' },
} as const satisfies Record<string, OutcomeEvent>;

const OK_RESULTS: Record<RunResult, OutcomeEvent> = {
  repaired: OUTCOME_EVENTS.repaired,
  'already-done': OUTCOME_EVENTS.alreadyDone,
  'rolled-back': OUTCOME_EVENTS.rolledBack,
  'dry-run': OUTCOME_EVENTS.dryRun,
};

/** The exit codes of a run that changed nothing because it would not, or could not, start. */
const REFUSALS: readonly number[] = [
  EXIT.usage,
  EXIT.accessDenied,
  EXIT.signatureNotFound,
  EXIT.noRun,
  EXIT.journalUnusable,
  EXIT.stalePlan,
  EXIT.cancelled,
  EXIT.runInProgress,
];

export function outcomeEvent(exitCode: number, result: RunResult | undefined): OutcomeEvent {
  if (exitCode === EXIT.rebootRequired) return OUTCOME_EVENTS.rebootNeeded;
  if (exitCode === EXIT.ok) return result ? OK_RESULTS[result] : OUTCOME_EVENTS.alreadyDone;
  return REFUSALS.includes(exitCode) ? OUTCOME_EVENTS.refused : OUTCOME_EVENTS.failed;
}
