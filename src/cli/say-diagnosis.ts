import type { Diagnosis } from '../diagnosis/diagnose.js';
import type { Routing } from '../evidence/index.js';
import type { StoreStatus } from '../repair/store-status.js';
import type { Choice } from './choose-playbook.js';
import type { Output } from './commands/output.js';
import { renderDiagnosis } from './render.js';
import { hasEvidence, renderEvidence } from './render-evidence.js';

export interface DiagnosisShown {
  diagnosis: Diagnosis;
  store?: StoreStatus;
  routing: Routing;
  choice: Choice;
  /** The playbook ids this version repairs. */
  known: readonly string[];
  /** --playbook was given, or the system writes the modern logs: the evidence section is shown even when they said nothing. */
  evidenceAlways: boolean;
  /** Files, folders or queries the evidence readers could not read, and why. */
  unread?: readonly string[];
}

/**
 * The diagnosis as diagnose and the repair show it. A tree without modern evidence (Server 2003) keeps its
 * diagnosis as it was; otherwise every playbook's evidence and verdict follow, catalog-overflow's among them.
 * Returns whether the evidence section was shown.
 */
export function sayDiagnosis(out: Output, { diagnosis, store, routing, choice, known, evidenceAlways, unread = [] }: DiagnosisShown): boolean {
  const modern = hasEvidence(routing) || evidenceAlways || unread.length > 0;
  const head = renderDiagnosis(diagnosis, store, modern && diagnosis.verdict === 'not-affected');
  if (head) out.say(head);
  out.set('diagnosis', diagnosis);
  if (store) out.set('store', store);
  if (!modern) return false;
  out.say(renderEvidence(routing, choice, known, diagnosis));
  // What could not be read may hold the evidence: "no evidence" is only as good as what was read.
  for (const problem of unread) out.say(`  not read: ${problem}`);
  if (unread.length) out.say('  (run elevated, or as SYSTEM, to read them)');
  out.set('evidence', { routing, chosen: 'refused' in choice ? null : choice.playbook.id, ...(unread.length ? { unread } : {}) });
  return true;
}
