import { printableLines } from '../printable.js';
import { describeAction } from '../engine/actions/action.js';
import type { VerifyReport } from '../engine/manifest.js';
import { actionsOf, type Plan } from '../engine/plan.js';
import { planToResume, type Run } from '../engine/run-store.js';
import { slices, TEXT_PIECE } from '../engine/slices.js';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import { MAX_LINE } from '../platform/text-lines.js';
import type { StoreStatus } from '../repair/store-status.js';
import { storeStatusLines } from './render-store.js';
import { counted, fmt } from '../numbers.js';

const VERDICT: Record<Diagnosis['verdict'], string> = {
  affected: 'AFFECTED: the catalog store is full (0xfffffbfe, JET_errRecordTooBig); this tool fixes that',
  resolved: 'RESOLVED: an earlier service-pack session failed with 0xfffffbfe, but the latest one succeeded',
  'not-affected': 'NOT THIS PROBLEM: no 0xfffffbfe in the logs; see KB822798 and KB925931 for other causes',
};

/**
 * `store`: what this tool's runs add; a finished repair replaces the logs' verdict, which predates it.
 * `brief`: the evidence section follows and shows catalog-overflow's verdict as one of the playbooks', so only
 * the runs' lines are left here (empty when there are none).
 */
export function renderDiagnosis(d: Diagnosis, store?: StoreStatus, brief = false): string {
  if (brief) {
    const runs = storeStatusLines(store);
    return runs.length ? printableLines(`Diagnosis\n${runs.map((line) => `  ${line}\n`).join('')}`) : '';
  }
  const lines = ['Diagnosis', ...[...(store?.kind === 'repaired' ? [] : [VERDICT[d.verdict]]), ...storeStatusLines(store)].map((line) => `  ${line}`)];
  if (d.latestSession)
    lines.push(
      `  latest svcpack.log session: ${d.latestSession.started} (${d.latestSession.outcome}${d.latestSession.extendedError ? `, extended error ${d.latestSession.extendedError}` : ''})`,
    );
  for (const hit of [...d.svcpack.slice(-3), ...d.setupapi.slice(0, 2), ...d.windowsUpdate.slice(0, 2)]) {
    lines.push(`  ${hit.file}:${hit.line}${hit.session ? ` [${hit.session}]` : ''}`, `      ${hit.text}`);
  }
  for (const cut of d.cutLines ?? [])
    lines.push(
      `  ${cut.file}: ${fmt(cut.cutLines)} line(s) longer than ${fmt(MAX_LINE)} characters; only their start was read (${fmt(cut.skippedChars)} characters skipped)`,
    );
  if (d.logsRead.length === 0) lines.push('  no svcpack.log, setupapi.log or WindowsUpdate.log found');
  const c = d.catalogs;
  lines.push(
    `  catalog folder: ${fmt(c.total)} hotfix catalog(s) (KB*.cat ${fmt(c.kb)}, Q*.* ${fmt(c.q)}, TMP*.cat ${fmt(c.tmp)}); the problem shows past about 100`,
  );
  lines.push(`  catroot2: ${d.catroot2Exists ? 'present' : 'absent'}`);
  return printableLines(`${lines.join('\n')}\n`);
}

/** How many lines renderPlan(plan, true) prints. */
export function planLineCount(plan: Plan): number {
  return 1 + plan.steps.length + actionsOf(plan).length;
}

/** The plan by step; `full` lists every action, file by file (what --dry-run prints), in pieces of 1,000 lines. */
export function* renderPlan(plan: Plan, full: boolean): Generator<string> {
  const count = plan.steps.reduce((n, s) => n + s.actions.length, 0);
  yield `Plan (fingerprint ${plan.fingerprint.slice(0, 12)}, ${counted(count, 'action')})\n`;
  for (const [i, step] of plan.steps.entries()) {
    yield `  ${i + 1}. ${step.id}: ${step.summary}\n`;
    if (!full) continue;
    for (const slice of slices(step.actions, TEXT_PIECE)) yield slice.map((action) => `       ${describeAction(action)}\n`).join('');
  }
}

/** What resuming `run` would still do: every action not recorded done, in order; those in doubt are read from the disk first. */
export function* renderResume(run: Run, full: boolean): Generator<string> {
  const { forward } = run.replay;
  const done = forward.filter((p) => p === 'done').length;
  yield `Dry run: would resume run ${run.id} (stopped while ${run.replay.state}): ${fmt(done)} of ${fmt(forward.length)} action(s) done, ${fmt(forward.length - done)} remaining\n`;
  if (!full) return;
  const remaining = actionsOf(planToResume(run)).flatMap((action, i) =>
    forward[i] === 'done' ? [] : [`       ${describeAction(action)}${forward[i] === 'in-doubt' ? ' (in doubt: the disk decides)' : ''}\n`],
  );
  for (const slice of slices(remaining, TEXT_PIECE)) yield slice.join('');
}

export function renderVerify(v: VerifyReport): string {
  const notes = (v.notes ?? []).map((n) => `  note: ${n}\n`).join('');
  const listed = v.listed
    ? `: ${fmt(v.files - v.listed)} byte-identical, ${fmt(v.listed)} with the same size and modification time (proof by listing)`
    : ', byte-identical';
  if (v.problems.length === 0) return `Verify: all ${fmt(v.files)} file(s) of the manifest are in their planned places${listed}\n${notes}`;
  return `Verify: ${fmt(v.problems.length)} problem(s) among ${fmt(v.files)} file(s)\n${notes}${v.problems
    .slice(0, 20)
    .map((p) => `  ${p}\n`)
    .join('')}`;
}
