import type { Diagnosis } from '../diagnosis/diagnose.js';
import { loggedAfter, type Routing } from '../evidence/index.js';
import type { StoreStatus } from '../repair/store-status.js';
import type { Choice } from './choose-playbook.js';
import { evidenceOf, overflowHits, refusedText, repairedText } from './detect-evidence.js';
import { runName } from './render-store.js';

/** detect's answer: 1 when a problem this tool repairs is there and no repair has fixed it since, else 0. */
export interface Detection {
  detect: 0 | 1;
  playbook: string | null;
  store: StoreStatus['kind'];
  runId?: string;
  evidence: string;
}

export interface DetectInput {
  diagnosis: Pick<Diagnosis, 'verdict' | 'svcpack' | 'setupapi'>;
  store: StoreStatus;
  choice: Choice;
  routing: Routing;
  /** The playbooks with a finished repair that stands (not rolled back). */
  finished: ReadonlySet<string>;
}

export function detection({ diagnosis, store, choice, routing, finished }: DetectInput): Detection {
  const frame = { store: store.kind, ...('runId' in store ? { runId: store.runId } : {}) };
  if (store.kind === 'run-unfinished')
    return {
      detect: 1,
      playbook: store.playbook,
      ...frame,
      evidence: `${runName(store)} stopped while ${store.state}: resume it (run the repair again) or roll it back`,
    };
  if ('refused' in choice) return { detect: 0, playbook: null, ...frame, evidence: refusedText(routing, choice.refused.message) };
  const { id } = choice.playbook;
  if (id === 'catalog-overflow') return { ...overflow(diagnosis, store), ...frame };
  const evidence = routing.byPlaybook[id as keyof Routing['byPlaybook']] ?? [];
  const found = evidenceOf(evidence);
  if (!finished.has(id)) return { detect: 1, playbook: id, ...frame, evidence: found };
  // Failing again since the repair: it did not fix the problem, and the remediation must run again.
  if (store.kind === 'repaired' && store.playbook === id) {
    const since = evidence.filter((e) => loggedAfter(e, store.repairedAt));
    if (since.length) return { detect: 1, playbook: id, ...frame, evidence: `failing again since ${repairedText(store)}: ${evidenceOf(since)}` };
  }
  const repaired = store.kind === 'repaired' && store.playbook === id ? `${repairedText(store)}; ` : `repaired by a finished ${id} run; `;
  return { detect: 0, playbook: id, ...frame, evidence: `${repaired}logged before: ${found || 'nothing left'}` };
}

function overflow(diagnosis: DetectInput['diagnosis'], store: StoreStatus): Omit<Detection, 'store'> {
  const playbook = 'catalog-overflow';
  if (store.kind === 'repaired' && store.playbook === playbook)
    return { detect: store.servicePack.kind === 'failed' ? 1 : 0, playbook, evidence: repairedText(store) };
  switch (diagnosis.verdict) {
    case 'affected':
      return { detect: 1, playbook, evidence: overflowHits(diagnosis) };
    case 'resolved':
      return { detect: 0, playbook, evidence: `the latest service-pack session succeeded; earlier: ${overflowHits(diagnosis)}` };
    case 'not-affected':
      return {
        detect: 0,
        playbook: null,
        evidence: 'no 0xfffffbfe in svcpack.log, setupapi.log or WindowsUpdate.log, and no other evidence of a problem this tool repairs',
      };
  }
}
