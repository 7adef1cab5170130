import type { AppendLog, Fs } from '../../platform/fs.js';
import { encodeRecord, type Sequenced } from './codec.js';
import type { JournalRecord } from './records.js';

/**
 * Appends records; `sync` makes everything written so far durable (one fsync for a whole batch).
 *
 * After a failed append the file's last bytes are unknown: none of the record, part of it, or all of it but
 * its line end. A record appended after them would be glued into an unreadable line; a fresh line could
 * complete the torn record and then repeat its seq, and the journal would be refused. After a failed fsync
 * the system may have dropped what was written, and a later fsync would vouch for a journal with a hole.
 * So the writer stops at the first failure: the journal stays as it was at its last good record, which a
 * rerun resumes and --rollback undoes, and no record or fsync that would let an action start can follow.
 */
export class JournalWriter {
  readonly records: Sequenced[] = [];
  private failure: unknown;

  private constructor(
    private readonly log: AppendLog,
    private seq: number,
  ) {}

  static async open(fs: Fs, path: string, nextSeq: number): Promise<JournalWriter> {
    const text = (await fs.lstat(path)) ? (await fs.readFile(path)).toString('utf8') : '';
    const log = await fs.openAppend(path);
    // A torn last line from a crash must not glue itself to the next record.
    if (text !== '' && !text.endsWith('\n')) await log.append('\n');
    return new JournalWriter(log, nextSeq);
  }

  async write(record: JournalRecord): Promise<void> {
    await this.guarded(() => this.log.append(encodeRecord(this.seq, record)));
    this.records.push({ seq: this.seq, ...record } as Sequenced);
    this.seq++;
  }

  sync(): Promise<void> {
    return this.guarded(() => this.log.sync());
  }

  close(): Promise<void> {
    return this.log.close();
  }

  private async guarded(io: () => Promise<void>): Promise<void> {
    if (this.failure !== undefined) {
      const reason = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new Error(`the journal is not written after a failed write or fsync (${reason})`, { cause: this.failure });
    }
    try {
      await io();
    } catch (error) {
      this.failure = error ?? new Error('unknown failure');
      throw error;
    }
  }
}
