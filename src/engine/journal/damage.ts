import { basename, dirname, join } from 'node:path';
import { replay } from '../run-state.js';
import { scanJournal, trustedRecords, type JournalScan, type Sequenced } from './codec.js';

export const RECOVERY_DOC = 'docs/recovery.md';

/** What the intact records before the damage still prove; the admin decides from it how to restore. */
export function whatTheRecordsProve(records: readonly Sequenced[]): string {
  if (records.length === 0) return 'no record before it is intact, so the journal proves nothing';
  try {
    const run = replay(records);
    const started = run.forward.filter((p) => p !== 'untouched').length;
    const done = run.forward.filter((p) => p === 'done').length;
    const undone = run.backward.filter((p) => p === 'done').length;
    return `the ${records.length} record(s) before it are intact: run ${run.begin.runId} began at ${run.begin.at} for ${run.begin.windir}, started ${started} of ${run.begin.actions} action(s) (${done} recorded done${undone ? `, ${undone} undone` : ''}) and was last ${run.state}; what came after is unknown`;
  } catch {
    return `the ${records.length} record(s) before it are intact but hold no valid begin record`;
  }
}

/** A run's journal; when damaged, the error says what the intact part proves and the way out by hand. */
export function decodeRunJournal(text: string, path: string): Sequenced[] {
  const scan: JournalScan = scanJournal(text);
  if (scan.damagedAt === undefined) return trustedRecords(scan, path);
  const dir = dirname(path);
  const hint = `Nothing was changed. Keep the run folder as it is. Put the files back by hand from ${join(dir, 'manifest.d')}/ and ${join(dir, 'manifest.jsonl')}, step by step as ${RECOVERY_DOC} shows; then move ${basename(dir)} out of ${dirname(dir)} so the tool acts again.`;
  return trustedRecords(scan, path, { left: whatTheRecordsProve(scan.records), hint });
}
