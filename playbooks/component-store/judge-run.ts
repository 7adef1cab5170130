import { dismExitCode, sfcExitCode, type CbsReading, type ExitCodeMeaning } from '../../src/component-store/index.js';
import type { Judgement } from '../../src/engine/playbook.js';

const VERDICT_LINE = {
  healthy: 'HEALTHY: DISM detected no corruption and sfc repaired nothing',
  repaired: 'REPAIRED: the corruption found was repaired',
  'source-missing': 'SOURCE MISSING: DISM found corrupt payloads and no replacement for them',
  'not-repaired': 'NOT REPAIRED: corruption is left',
  unknown: 'UNKNOWN: CBS.log says nothing this tool can judge by',
} as const;

const SOURCE_HINT =
  'Next: run again with --source pointing to a matching image (e.g. wim:D:\\sources\\install.wim:1, the same build and edition), which adds /LimitAccess.';

interface ProgramResult {
  exitCode?: number;
  timedOut?: boolean;
  notStarted?: string;
}

function programLine(
  name: string,
  result: ProgramResult | undefined,
  meaning: (code: number) => ExitCodeMeaning,
): { line: string; ok: boolean; restart: boolean } {
  if (!result) return { line: `${name}: did not run in this invocation`, ok: true, restart: false };
  if (result.notStarted) return { line: `${name}: could not start (${result.notStarted})`, ok: false, restart: false };
  if (result.timedOut) return { line: `${name}: stopped at its time limit`, ok: false, restart: false };
  const m = meaning(result.exitCode ?? -1);
  return { line: `${name}: exit ${m.shown} (${m.name}: ${m.meaning})`, ok: m.success, restart: m.restartRequired };
}

/** The verdict of CBS.log's new part, with the programs' exit codes beside it: either may fail the run. */
export function judgeRun(reading: CbsReading, results: ReadonlyArray<Record<string, unknown>>): Judgement {
  const [dism, sfc] = [programLine('DISM', results[0], dismExitCode), programLine('sfc', results[1], sfcExitCode)];
  // A program that did not run leaves nothing in CBS.log to judge: no verdict, whatever the log held before.
  const notRun = [results[0], results[1]].some((r) => r === undefined || (r as ProgramResult).notStarted !== undefined || (r as ProgramResult).timedOut);
  if (notRun)
    return {
      lines: ['Component store: NOT JUDGED: DISM or sfc did not run to its end', `  ${dism.line}`, `  ${sfc.line}`],
      ends: 'failed',
      details: { verdict: { kind: 'not-run', cited: [] }, newLines: reading.newLines, firstLine: reading.firstLine, notes: reading.notes, programs: results },
    };
  const { verdict } = reading;
  const cited = verdict.cited.slice(-6).map((c) => `    ${c.file}:${c.line}${c.time ? ` [${c.time}]` : ''} ${c.text}`);
  const why = verdict.kind === 'unknown' ? [`    ${verdict.why}`] : [];
  const lines = [
    `Component store: ${VERDICT_LINE[verdict.kind]}`,
    ...why,
    ...cited,
    `  ${dism.line}`,
    `  ${sfc.line}`,
    ...reading.notes.map((n) => `  note: ${n}`),
  ];
  if (verdict.kind === 'source-missing') lines.push(SOURCE_HINT);
  const good = (verdict.kind === 'healthy' || verdict.kind === 'repaired') && dism.ok && sfc.ok;
  const ends = !good ? 'failed' : dism.restart ? 'reboot-required' : 'ok';
  return { lines, ends, details: { verdict, newLines: reading.newLines, firstLine: reading.firstLine, notes: reading.notes, programs: results } };
}
