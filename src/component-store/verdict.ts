/** One line of CBS.log a verdict rests on, in the shape of src/evidence's Evidence. */
export interface CitedLine {
  file: string;
  /** 1-based, counted from the start of the file as it is now (not from the mark). */
  line: number;
  /**
   * As the log wrote it. A line without the `date time, Level Component` prefix (older builds write DISM's
   * summary as one entry of many lines) has the time of the entry it belongs to.
   */
  time?: string;
  /** The message, without the prefix. */
  text: string;
}

/** What DISM /RestoreHealth and sfc /scannow left the component store as, by what they appended to CBS.log. */
export type VerdictKind = 'healthy' | 'repaired' | 'source-missing' | 'not-repaired' | 'unknown';

interface Cited {
  /** In line order; a few of each kind of line, never the whole log. */
  cited: CitedLine[];
}

export type ComponentStoreVerdict =
  /** DISM detected no corruption and SFC repaired nothing. */
  | ({ kind: 'healthy' } & Cited)
  /** Corruption was found and all of it repaired: `repaired` counts DISM's repairs and SFC's. */
  | ({ kind: 'repaired'; repaired: number } & Cited)
  /**
   * DISM found no replacement for corrupt payloads (0x800F081F and its kin, `Repair failed: Missing
   * replacement payload.`): run it again with /Source:<a matching image> /LimitAccess.
   */
  | ({ kind: 'source-missing'; code?: string } & Cited)
  /**
   * Corruption is left: DISM repaired less than it detected (`dismUnrepaired`) or failed (`code`), or SFC
   * says it cannot repair files (`sfcUnrepaired`: such lines, one file may be named more than once, and
   * drivers it found corrupt and did not repair).
   */
  | ({ kind: 'not-repaired'; dismUnrepaired: number; sfcUnrepaired: number; code?: string } & Cited)
  /** The new part holds no DISM summary and no finished SFC run: nothing to judge by. */
  | ({ kind: 'unknown'; why: string } & Cited);

/** A verdict and how the log was read for it. */
export interface CbsReading {
  verdict: ComponentStoreVerdict;
  /** Lines read as new; the first of them is line `firstLine` of the file. */
  newLines: number;
  firstLine: number;
  /** What the reader has to know besides the verdict: a rotated log read whole, a run that did not finish. */
  notes: string[];
}
