import { createHash } from 'node:crypto';
import { JournalError } from '../../errors.js';
import { RECORD_TYPES, type JournalRecord } from './records.js';

export type Sequenced = JournalRecord & { seq: number };

const SUM = /,"sum":"([0-9a-f]{16})"\}$/;

function checksum(body: string): string {
  return createHash('sha256').update(body).digest('hex').slice(0, 16);
}

/** One JSON line: the record, its sequence number, and a checksum of everything before the checksum. */
export function encodeRecord(seq: number, record: JournalRecord): string {
  const body = JSON.stringify({ seq, ...record });
  return `${body.slice(0, -1)},"sum":"${checksum(body)}"}\n`;
}

/** Decodes one line, or returns undefined when the line is damaged (torn, bit-flipped, not ours). */
export function decodeLine(line: string): Sequenced | undefined {
  const match = SUM.exec(line);
  if (!match) return undefined;
  const body = `${line.slice(0, match.index)}}`;
  if (checksum(body) !== match[1]) return undefined;
  try {
    return JSON.parse(body) as Sequenced;
  } catch {
    return undefined;
  }
}

/** A journal read up to where it can no longer be trusted: `damagedAt` is that line, when there is one. */
export interface JournalScan {
  records: Sequenced[];
  damagedAt?: number;
  unknownType?: { line: number; type: string };
}

/**
 * Reads a whole journal. A damaged line is a write that a crash cut short: it never counted, so the
 * record after it carries the next expected sequence number. A damaged line followed by a gap in the
 * sequence is a record that did count and was altered later: then what follows cannot be trusted, and
 * `records` holds only the intact part before it.
 */
export function scanJournal(text: string): JournalScan {
  const records: Sequenced[] = [];
  let damagedAt: number | undefined;
  for (const [i, raw] of text.split('\n').entries()) {
    // A journal copied through a Windows editor or share may come back with CRLF line ends.
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line === '') continue;
    const record = decodeLine(line);
    if (!record) {
      damagedAt ??= i + 1;
      continue;
    }
    if (record.seq !== records.length) return { records, damagedAt: damagedAt ?? i + 1 };
    if (!RECORD_TYPES.has(record.type)) return { records, unknownType: { line: i + 1, type: record.type } };
    damagedAt = undefined;
    records.push(record);
  }
  return { records };
}

/** The whole journal, or a JournalError naming the first line that cannot be trusted. */
export function decodeJournal(text: string, name = 'journal'): Sequenced[] {
  return trustedRecords(scanJournal(text), name);
}

/** `damage`: what to say after the damaged line's number (what is left), and what to do. */
export function trustedRecords(
  scan: JournalScan,
  name: string,
  damage: { left?: string; hint: string } = {
    hint: 'Keep the run folder for analysis; its manifest.jsonl and manifest.d/ list every touched file with its size and sha256 (or modification time).',
  },
): Sequenced[] {
  if (scan.damagedAt !== undefined)
    throw new JournalError(
      `${name} is damaged at line ${scan.damagedAt}: a record is missing or altered, so it cannot be trusted${damage.left ? `; ${damage.left}` : ''}`,
      damage.hint,
    );
  if (scan.unknownType)
    throw new JournalError(
      `${name} line ${scan.unknownType.line} has an unknown record type "${scan.unknownType.type}": written by a newer catroot-repair?`,
      'Use the catroot-repair version that wrote it.',
    );
  return scan.records;
}
