import { printableLines } from '../printable.js';
import { basename } from 'node:path';
import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { Evidence, Routing } from '../evidence/index.js';
import { fmt } from '../numbers.js';
import { ROUTES } from '../evidence/index.js';
import type { Choice } from './choose-playbook.js';

const cited = (e: Evidence) =>
  `${e.file}${e.line === undefined ? '' : `:${e.line}`}${e.time ? ` [${e.time}]` : ''} ${e.code ?? e.name ?? ''}${e.code && e.name ? ` ${e.name}` : ''}`;

/** Whether the modern logs said anything: a Server 2003 tree without them keeps its diagnosis as it was. */
export const hasEvidence = (r: Routing) => Object.keys(r.byPlaybook).length > 0 || r.noRepair.length > 0;

/** How many pieces of evidence a playbook's row lists; --json has them all. */
const SHOWN = 4;

/** catalog-overflow's row, from svcpack.log's diagnosis: its signature is 0xfffffbfe, not a routed code. */
function overflowRow(d: Diagnosis): string[] {
  if (d.verdict === 'not-affected') {
    const read = d.logsRead.length ? d.logsRead.map((f) => basename(f.replaceAll('\\', '/'))).join(', ') : 'none of them found';
    return ['  catalog-overflow: no evidence', `    no 0xfffffbfe in svcpack.log, setupapi.log or WindowsUpdate.log (read: ${read})`];
  }
  const verdict = d.verdict === 'affected' ? 'MATCHED' : 'resolved: the latest service-pack session succeeded';
  return [
    `  catalog-overflow: ${verdict}`,
    ...d.svcpack.slice(-SHOWN).map((hit) => `    ${hit.file}:${hit.line}${hit.session ? ` [${hit.session}]` : ''} 0xfffffbfe`),
  ];
}

/** For each playbook: the evidence found (file, line, time, code) and the verdict; then the choice and why. */
export function renderEvidence(routing: Routing, choice: Choice, known: readonly string[], diagnosis: Diagnosis): string {
  const lines = ['Evidence (svcpack.log, CBS.log, DISM, ReportingEvents.log, WindowsUpdate.log, catroot2, event logs)', ...overflowRow(diagnosis)];
  const ids = [...new Set(ROUTES.flatMap((r) => (r.playbook === 'none' ? [] : [r.playbook])))];
  for (const id of ids) {
    const found = routing.byPlaybook[id] ?? [];
    const verdict = !found.length ? 'no evidence' : known.includes(id) ? 'MATCHED' : 'MATCHED (this version does not repair it yet)';
    const more = found.length > SHOWN ? [`    and ${fmt(found.length - SHOWN)} more (--json lists them all)`] : [];
    lines.push(`  ${id}: ${verdict}`, ...found.slice(0, SHOWN).map((e) => `    ${cited(e)}`), ...more);
  }
  for (const { evidence, advice } of routing.noRepair) lines.push(`  no repair: ${cited(evidence)}`, `    ${advice}`);
  for (const e of routing.unknown.slice(-3)) lines.push(`  not in the routing table: ${cited(e)}`);
  lines.push('refused' in choice ? `  chosen: none (${choice.refused.message})` : `  chosen: ${choice.playbook.id}`);
  lines.push(`  why: ${'refused' in choice ? (choice.refused.hint ?? routing.why) : (choice.why ?? routing.why)}`);
  return printableLines(`${lines.join('\n')}\n`);
}
