import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import type { JournalRecord } from '../../src/engine/journal/records.js';
import type { Plan } from '../../src/engine/plan.js';
import type { Fs } from '../../src/platform/fs.js';

/** What a determined attacker would do: edit the plan and re-sign the journal so every checksum matches. */
export async function rewriteRun(
  fs: Fs,
  planPath: string,
  edit: (plan: Plan) => void,
  editBegin: (begin: Extract<JournalRecord, { type: 'begin' }>) => void = () => {},
): Promise<void> {
  const plan = JSON.parse((await fs.readFile(planPath)).toString()) as Plan;
  edit(plan);
  const text = `${JSON.stringify(plan)}\n`;
  const journalPath = join(dirname(planPath), 'journal.jsonl');
  const records = decodeJournal((await fs.readFile(journalPath)).toString());
  const signed = records.map(({ seq, ...r }) => {
    if (r.type !== 'begin') return encodeRecord(seq, r as JournalRecord);
    const begin = { ...r, planSha256: createHash('sha256').update(text).digest('hex') };
    editBegin(begin);
    return encodeRecord(seq, begin);
  });
  for (const path of [planPath, journalPath]) await fs.removeFile(path);
  await fs.createFile(planPath, text);
  await fs.createFile(journalPath, signed.join(''));
}
