import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { LogHit } from '../diagnosis/svcpack-log.js';
import type { Evidence, Routing } from '../evidence/index.js';
import type { RepairStatus, ServicePackSince } from '../repair/store-status.js';
import { runName } from './render-store.js';

/** The file's name only: the line has room for the evidence, not for paths. */
const nameOf = (file: string) => file.split(/[\\/]/).at(-1) ?? file;

/** `ReportingEvents.log:4 0x80242006 (2025-01-15 03:12:44:010+0100)`. */
export const citedShort = (e: Evidence) =>
  `${nameOf(e.file)}${e.line === undefined ? '' : `:${e.line}`} ${e.code ?? e.name ?? ''}${e.code && e.name ? ` ${e.name}` : ''}${e.time ? ` (${e.time})` : ''}`;

const hitShort = (hit: LogHit) => `${nameOf(hit.file)}:${hit.line} 0xfffffbfe${hit.session ? ` (${hit.session})` : ''}`;

/** Newest first: the line may be shortened from its end. */
export const evidenceOf = (found: readonly Evidence[]) => [...found].reverse().map(citedShort).join('; ');

/** svcpack.log's 0xfffffbfe (setupapi.log's when svcpack.log has none), newest first. */
export const overflowHits = (d: Pick<Diagnosis, 'svcpack' | 'setupapi'>) =>
  [...(d.svcpack.length ? d.svcpack : d.setupapi)].reverse().map(hitShort).join('; ') || '0xfffffbfe';

const SINCE: Record<ServicePackSince['kind'], string> = {
  succeeded: 'the service pack succeeded since',
  failed: 'the service pack failed again since',
  'not-tried': 'the service pack has not run since',
  unknown: 'whether the service pack ran since is unknown',
};

export function repairedText(status: Extract<RepairStatus, { kind: 'repaired' }>): string {
  const since = status.playbook === 'catalog-overflow' ? `; ${SINCE[status.servicePack.kind]}` : '';
  const session = status.servicePack.kind === 'failed' ? ` (svcpack.log session ${status.servicePack.session.started})` : '';
  return `repaired by ${status.playbook} ${runName(status)} at ${status.repairedAt}${since}${session}`;
}

/** What was found when no repair of this tool is called for: the evidence that points elsewhere, and why. */
export function refusedText(routing: Routing, message: string): string {
  const elsewhere = routing.noRepair.map(({ evidence, advice }) => `${citedShort(evidence)}: ${advice}`);
  return [message, ...elsewhere].join('; ');
}
