import { isFailureCode } from '../evidence/evidence.js';
import type { CbsFacts } from './cbs-facts.js';
import type { CitedLines, DismRun, SfcRun } from './runs.js';
import type { CitedLine, ComponentStoreVerdict } from './verdict.js';

/**
 * DISM results that mean no repair source had the payload: CBS_E_SOURCE_MISSING, CBS_E_DOWNLOAD_FAILURE,
 * CBS_E_GROUPPOLICY_DISALLOWED (KB947821 and the .NET 3.5 Features on Demand error table), and 0x800F0915,
 * "The repair content could not be found anywhere." (DISM's own text, captured on Windows 11 26100).
 */
export const SOURCE_MISSING_CODES: ReadonlySet<string> = new Set(['0x800F081F', '0x800F0906', '0x800F0907', '0x800F0915']);

type Cite = CitedLine | CitedLines | Iterable<CitedLine> | undefined;
function cite(...groups: Cite[]): CitedLine[] {
  const all = groups.flatMap((g) => (g === undefined ? [] : 'line' in g ? [g] : 'lines' in g ? g.lines : [...g]));
  return [...new Map(all.map((c) => [c.line, c])).values()].sort((a, b) => a.line - b.line);
}

/** The verdict from the latest DISM report and SFC run; a report without its summary, or a run not finished, does not count. */
export function judgeComponentStore(facts: Pick<CbsFacts, 'dism' | 'sfc'>, newLines: number): ComponentStoreVerdict {
  const dism: DismRun | undefined = facts.dism?.result || facts.dism?.detected ? facts.dism : undefined;
  const sfc: SfcRun | undefined = facts.sfc?.verifyComplete || facts.sfc?.repairComplete ? facts.sfc : undefined;
  if (!dism && !sfc) {
    const why = `no DISM summary and no finished SFC run in the ${newLines} line(s) appended since the mark`;
    return { kind: 'unknown', why, cited: [] };
  }
  const code = isFailureCode(dism?.result?.code) ? dism?.result?.code : undefined;
  const counts = [dism?.result?.at, dism?.detected?.at, dism?.repaired?.at];
  if (dism && ((code && SOURCE_MISSING_CODES.has(code)) || dism.missingReplacement.count > 0)) {
    return { kind: 'source-missing', ...(code ? { code } : {}), cited: cite(...counts, dism.missingReplacement, dism.unfixed) };
  }
  const dismLeft = Math.max(0, (dism?.detected?.count ?? 0) - (dism?.repaired?.count ?? 0));
  const sfcLeft = sfc ? sfc.cannotRepair.count + sfc.driversCorrupt.size + sfc.driversOverflow : 0;
  if (dismLeft > 0 || sfcLeft > 0 || code) {
    const cited = cite(...counts, dism?.unfixed, sfc?.cannotRepair, sfc?.driversCorrupt.values());
    return { kind: 'not-repaired', dismUnrepaired: dismLeft, sfcUnrepaired: sfcLeft, ...(code ? { code } : {}), cited };
  }
  const repaired = (dism?.repaired?.count ?? 0) + (sfc?.repairing?.count ?? 0) + (sfc?.driversRepaired.count ?? 0);
  const sfcEnd = [sfc?.repairing?.at, sfc?.repairComplete ?? sfc?.verifyComplete];
  if (repaired > 0) return { kind: 'repaired', repaired, cited: cite(...counts, dism?.fixed, sfc?.repairedFiles, sfc?.driversRepaired, ...sfcEnd) };
  return { kind: 'healthy', cited: cite(...counts, ...sfcEnd) };
}

/** What the reader should know of runs that began in the new lines but did not finish there. */
export function unfinishedRuns(facts: Pick<CbsFacts, 'dism' | 'sfc'>): string[] {
  const notes: string[] = [];
  if (facts.dism && !facts.dism.result && !facts.dism.detected)
    notes.push(`DISM's report at line ${facts.dism.start.line} has no summary: the run did not finish`);
  if (facts.sfc && !facts.sfc.verifyComplete && !facts.sfc.repairComplete) notes.push(`SFC's run at line ${facts.sfc.start.line} did not finish`);
  return notes;
}
