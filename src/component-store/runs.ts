import type { CitedLine } from './verdict.js';

/** Lines of each kind kept to cite; the rest are counted. */
export const MAX_CITED = 10;

export class CitedLines {
  readonly lines: CitedLine[] = [];
  count = 0;
  add(line: CitedLine): void {
    if (this.count++ < MAX_CITED) this.lines.push(line);
  }
}

export type Counted = { count: number; at: CitedLine };

/** One DISM report, from `Checking System Update Readiness.` on. */
export interface DismRun {
  start: CitedLine;
  result?: { code: string; at: CitedLine };
  detected?: Counted;
  repaired?: Counted;
  unfixed: CitedLines;
  fixed: CitedLines;
  missingReplacement: CitedLines;
}

/** One SFC run, from its first `[SR] Verifying` to its `[SR] Repair complete` and the driver lines after it. */
export interface SfcRun {
  start: CitedLine;
  verifyComplete?: CitedLine;
  repairing?: Counted;
  repairComplete?: CitedLine;
  cannotRepair: CitedLines;
  repairedFiles: CitedLines;
  /** Drivers said to be corrupt and not said to be repaired since, by lower-case path; past a limit, counted. */
  driversCorrupt: Map<string, CitedLine>;
  driversOverflow: number;
  driversRepaired: CitedLines;
}

export function newDismRun(start: CitedLine): DismRun {
  return { start, unfixed: new CitedLines(), fixed: new CitedLines(), missingReplacement: new CitedLines() };
}

export function newSfcRun(start: CitedLine): SfcRun {
  return {
    start,
    cannotRepair: new CitedLines(),
    repairedFiles: new CitedLines(),
    driversCorrupt: new Map(),
    driversOverflow: 0,
    driversRepaired: new CitedLines(),
  };
}
