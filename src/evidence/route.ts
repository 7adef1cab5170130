import type { Evidence } from './evidence.js';
import { ORDER_WHY, ROUTES, type PlaybookId, type Route } from './routes.js';

export interface Routing {
  /** The repair to run: the first in the table's order that some evidence asks for. */
  chosen?: PlaybookId;
  byPlaybook: Partial<Record<PlaybookId, Evidence[]>>;
  /** Failures no file repair fixes (network, disk space, a pending restart), with what to check instead. */
  noRepair: Array<{ evidence: Evidence; advice: string }>;
  /** Failures whose code or name the table does not know. */
  unknown: Evidence[];
  why: string;
}

/** The first row, in the table's order, that lists the evidence's code or name. */
export function routeOf(evidence: Evidence): Route | undefined {
  return ROUTES.find(
    (r) => (evidence.code !== undefined && r.codes.includes(evidence.code)) || (evidence.name !== undefined && r.names?.includes(evidence.name)),
  );
}

const what = (e: Evidence) => `${e.code ?? e.name ?? 'a failure'} (${e.file}${e.line === undefined ? '' : ` line ${e.line}`})`;

export function route(evidence: readonly Evidence[]): Routing {
  const byPlaybook: Routing['byPlaybook'] = {};
  const noRepair: Routing['noRepair'] = [];
  const unknown: Evidence[] = [];
  const reasons = new Map<PlaybookId, string>();
  for (const e of evidence.filter((e) => e.outcome !== 'success')) {
    const row = routeOf(e);
    if (!row) unknown.push(e);
    else if (row.playbook === 'none') noRepair.push({ evidence: e, advice: row.advice });
    else {
      (byPlaybook[row.playbook] ??= []).push(e);
      if (!reasons.has(row.playbook)) reasons.set(row.playbook, `${what(e)}: ${row.why}`);
    }
  }
  // The table's order, not the order the evidence came in, decides.
  const matched = [...new Set(ROUTES.map((r) => r.playbook))].filter((p): p is PlaybookId => p !== 'none' && reasons.has(p));
  const chosen = matched[0];
  const parts: string[] = [];
  if (chosen) parts.push(`${chosen}: ${reasons.get(chosen)}.`);
  else parts.push('No evidence names a repair this tool makes.');
  if (matched.length > 1) {
    const others = matched.slice(1).map((p) => `${p} (${reasons.get(p)})`);
    parts.push(`Also matched: ${others.join('; ')}. ${chosen} comes first in the table's order: ${ORDER_WHY}.`);
  }
  if (noRepair.length) parts.push(`Check first, no file repair fixes these: ${noRepair.map((n) => what(n.evidence)).join(', ')}.`);
  if (unknown.length) parts.push(`Not in the routing table: ${unknown.map(what).join(', ')}.`);
  return { ...(chosen ? { chosen } : {}), byPlaybook, noRepair, unknown, why: parts.join(' ') };
}
