import { servicingLine } from '../evidence/servicing-line.js';
import { cbsSignal, type CbsSignal } from './cbs-signals.js';
import { newDismRun, newSfcRun, type DismRun, type SfcRun } from './runs.js';
import type { CitedLine } from './verdict.js';

/** Drivers tracked by path; a run that names more is counted, not kept (memory stays bounded). */
const MAX_DRIVERS = 100;

/** The latest DISM report and the latest SFC run in the lines given: a later run replaces an earlier one. */
export class CbsFacts {
  dism?: DismRun;
  sfc?: SfcRun;
  private time?: string;

  constructor(private readonly file: string) {}

  add(line: number, text: string): void {
    const { time, message } = servicingLine(text);
    if (time) this.time = time;
    const signal = cbsSignal(message);
    if (!signal) return;
    const at: CitedLine = { file: this.file, line, ...(this.time ? { time: this.time } : {}), text: message };
    if (signal.kind.startsWith('dism')) this.addDism(signal, at);
    else this.addSfc(signal, at);
  }

  private addDism(signal: CbsSignal, at: CitedLine): void {
    if (signal.kind === 'dism-start') this.dism = newDismRun(at);
    const run = this.dism;
    // A summary line with no report begun in the lines read belongs to no run of ours.
    if (!run) return;
    if (signal.kind === 'dism-corrupt') (signal.fixed ? run.fixed : run.unfixed).add(at);
    else if (signal.kind === 'dism-missing-replacement') run.missingReplacement.add(at);
    else if (signal.kind === 'dism-result') run.result = { code: signal.code, at };
    else if (signal.kind === 'dism-detected') run.detected = { count: signal.count, at };
    else if (signal.kind === 'dism-repaired') run.repaired = { count: signal.count, at };
  }

  private addSfc(signal: CbsSignal, at: CitedLine): void {
    if (!this.sfc || (signal.kind === 'sfc-verifying' && this.sfc.repairComplete)) this.sfc = newSfcRun(at);
    const run = this.sfc;
    if (signal.kind === 'sfc-verify-complete') run.verifyComplete = at;
    else if (signal.kind === 'sfc-repairing') run.repairing = { count: signal.count, at };
    else if (signal.kind === 'sfc-repair-complete') run.repairComplete = at;
    else if (signal.kind === 'sfc-cannot-repair') run.cannotRepair.add(at);
    else if (signal.kind === 'sfc-repaired-file') run.repairedFiles.add(at);
    else if (signal.kind === 'pnp-corrupt') {
      if (run.driversCorrupt.has(signal.path) || run.driversCorrupt.size < MAX_DRIVERS) run.driversCorrupt.set(signal.path, at);
      else run.driversOverflow++;
    } else if (signal.kind === 'pnp-repaired') {
      run.driversCorrupt.delete(signal.path);
      run.driversRepaired.add(at);
    }
  }
}
