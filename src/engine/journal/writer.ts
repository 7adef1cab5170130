import type { AppendLog, Fs } from '../../platform/fs.js';
import { encodeRecord, type Sequenced } from './codec.js';
import type { JournalRecord } from './records.js';

/** Appends records; `sync` makes everything written so far durable (one fsync for a whole batch). */
export class JournalWriter {
  readonly records: Sequenced[] = [];

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
    await this.log.append(encodeRecord(this.seq, record));
    this.records.push({ seq: this.seq, ...record } as Sequenced);
    this.seq++;
  }

  sync(): Promise<void> {
    return this.log.sync();
  }

  close(): Promise<void> {
    return this.log.close();
  }
}
