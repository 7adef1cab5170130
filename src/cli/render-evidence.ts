import type { Evidence, Routing } from '../evidence/index.js';
import { ROUTES } from '../evidence/index.js';
import type { Choice } from './choose-playbook.js';

const cited = (e: Evidence) =>
  `${e.file}${e.line === undefined ? '' : `:${e.line}`}${e.time ? ` [${e.time}]` : ''} ${e.code ?? e.name ?? ''}${e.code && e.name ? ` ${e.name}` : ''}`;

/** Whether the modern logs said anything: a Server 2003 tree without them keeps its diagnosis as it was. */
export const hasEvidence = (r: Routing) => Object.keys(r.byPlaybook).length > 0 || r.noRepair.length > 0;

/** For each playbook the routing table knows: the evidence found (file, line, time, code) and the verdict; then the choice. */
export function renderEvidence(routing: Routing, choice: Choice, known: readonly string[]): string {
  const lines = ['Evidence (CBS.log, DISM, ReportingEvents.log, WindowsUpdate.log, catroot2, event logs)'];
  const ids = [...new Set(ROUTES.flatMap((r) => (r.playbook === 'none' ? [] : [r.playbook])))];
  for (const id of ids) {
    const found = routing.byPlaybook[id] ?? [];
    const verdict = !found.length ? 'no evidence' : known.includes(id) ? 'MATCHED' : 'MATCHED (this version does not repair it yet)';
    lines.push(`  ${id}: ${verdict}`, ...found.slice(-3).map((e) => `    ${cited(e)}`));
  }
  for (const { evidence, advice } of routing.noRepair) lines.push(`  no repair: ${cited(evidence)}`, `    ${advice}`);
  for (const e of routing.unknown.slice(-3)) lines.push(`  not in the routing table: ${cited(e)}`);
  lines.push('refused' in choice ? `  chosen: none (${choice.refused.message})` : `  chosen: ${choice.playbook.id}`);
  lines.push(`  why: ${'refused' in choice ? (choice.refused.hint ?? routing.why) : (choice.why ?? routing.why)}`);
  return `${lines.join('\n')}\n`;
}
