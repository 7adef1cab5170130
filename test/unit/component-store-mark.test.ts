import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asCbsMark, markCbsLog, NO_LOG, readCbsSince, type CbsMark } from '../../src/component-store/index.js';
import { HEAD_BYTES } from '../../src/component-store/cbs-mark.js';
import { MapFs } from '../helpers/map-fs.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'component-store', name));
const utf8 = (name: string) => fixture(`${name}.utf8.log`).toString('utf8');
const DIR = '/w/Windows/Logs/CBS';
const LOG = `${DIR}/CBS.log`;
const lineCount = (text: string) => text.split('\r\n').length - 1;

/** CBS.log as `text`, read in chunks of `chunk` bytes (a real disk gives the file in pieces, not whole). */
class ChunkedFs extends MapFs {
  constructor(
    data: Buffer | string | undefined,
    private readonly chunk = 1000,
    private readonly id?: string,
  ) {
    super();
    if (data !== undefined) this.put(LOG, { kind: 'file', data: Buffer.from(data) });
    else this.put(`${DIR}/other.log`, { kind: 'file', data: Buffer.alloc(0) });
  }
  override async lstat(path: string) {
    const info = await super.lstat(path);
    return info && this.id ? { ...info, id: this.id } : info;
  }
  override async *readChunks(path: string) {
    const data = await this.readFile(path);
    for (let at = 0; at < data.length; at += this.chunk) yield data.subarray(at, at + this.chunk);
  }
}

const OLD_REPAIRED = utf8('repaired');
/** TrustedInstaller starting and stopping: new lines that hold no verdict. */
const NOTHING = '2026-03-11 08:00:00, Info                  CBS    TI: --- Initializing Trusted Installer ---\r\n';
const SFC_ONLY = utf8('healthy').split('\r\n').slice(34).join('\r\n');

describe('CBS.log marked before the run, read after it: only what was appended counts', () => {
  it.each<[string, string | undefined, string | undefined, string, number, string[]]>([
    // [name, log at the mark, log now, verdict, first line read, notes]
    [
      'an old "repaired" before the mark does not count: nothing new, unknown',
      OLD_REPAIRED,
      OLD_REPAIRED + NOTHING,
      'unknown',
      lineCount(OLD_REPAIRED) + 1,
      [],
    ],
    [
      'an old DISM failure before the mark does not count: only a clean SFC run is new',
      utf8('source-missing'),
      utf8('source-missing') + SFC_ONLY,
      'healthy',
      57,
      [],
    ],
    ['a repair appended after an old failure: repaired', utf8('source-missing'), utf8('source-missing') + OLD_REPAIRED, 'repaired', 57, []],
    ['nothing at all appended', OLD_REPAIRED, OLD_REPAIRED, 'unknown', lineCount(OLD_REPAIRED) + 1, []],
    ['no log at the mark: all of it is new', undefined, OLD_REPAIRED, 'repaired', 1, []],
    [
      'rotated: shorter than at the mark, read whole with a note',
      OLD_REPAIRED + utf8('source-missing'),
      utf8('healthy'),
      'healthy',
      1,
      [
        `${LOG} is shorter than at the mark (4602 bytes, 10676 then): it was rotated or replaced, and is read whole (what came before may be in CbsPersist_*.log)`,
      ],
    ],
    [
      'replaced by a longer log that begins otherwise: read whole with a note',
      utf8('healthy'),
      utf8('source-missing') + OLD_REPAIRED,
      'repaired',
      1,
      [`${LOG} begins otherwise than at the mark: it was rotated or replaced, and is read whole (what came before may be in CbsPersist_*.log)`],
    ],
    ['gone since the mark: unknown, with a note', OLD_REPAIRED, undefined, 'unknown', 1, [`${LOG} is not there: nothing to read`]],
  ])('%s', async (_name, atMark, now, kind, firstLine, notes) => {
    const mark = await markCbsLog(new ChunkedFs(atMark), LOG);
    const reading = await readCbsSince(new ChunkedFs(now), LOG, mark);
    expect(reading.verdict.kind).toBe(kind);
    expect(reading.firstLine).toBe(firstLine);
    expect(reading.notes).toEqual(notes);
  });

  it('cited lines are numbered from the start of the file, past the mark', async () => {
    const old = utf8('source-missing');
    const mark = await markCbsLog(new ChunkedFs(old), LOG);
    expect(mark).toMatchObject({ bytes: old.length, lines: 56, headBytes: HEAD_BYTES });
    const { verdict } = await readCbsSince(new ChunkedFs(old + utf8('healthy')), LOG, mark);
    expect(verdict).toMatchObject({ kind: 'healthy' });
    expect(verdict.cited.map((c) => c.line)).toEqual([12, 14, 21, 47, 49].map((n) => n + 56));
  });

  it('UTF-16LE, read in odd-sized chunks: marked after a DISM failure, a clean SFC run appended', async () => {
    const old = fixture('source-missing.utf16.log');
    const mark = await markCbsLog(new ChunkedFs(old, 333), LOG);
    expect(mark).toMatchObject({ bytes: old.length, lines: 56, headBytes: HEAD_BYTES });
    const reading = await readCbsSince(new ChunkedFs(Buffer.concat([old, Buffer.from(SFC_ONLY, 'utf16le')]), 333), LOG, mark);
    expect(reading).toMatchObject({ verdict: { kind: 'healthy' }, firstLine: 57, newLines: 15, notes: [] });
    expect(reading.verdict.cited.map((c) => c.line)).toEqual([69, 71]);
  });

  it('a last line still being written at the mark is read again, whole, as new', async () => {
    const lines = utf8('healthy').split('\r\n');
    // The mark falls inside line 47, `[SR] Repairing 0 components`: its start is there, its end is not.
    const before = lines.slice(0, 46).join('\r\n') + '\r\n' + (lines[46] as string).slice(0, 70);
    const mark = await markCbsLog(new ChunkedFs(before), LOG);
    expect(mark.lines).toBe(46);
    const { verdict } = await readCbsSince(new ChunkedFs(utf8('healthy')), LOG, mark);
    expect(verdict).toMatchObject({ kind: 'healthy' });
    expect(verdict.cited.map((c) => c.line)).toEqual([47, 49]);
  });

  it('another file under the name (its identity differs), even when it begins the same: read whole with a note', async () => {
    const mark = await markCbsLog(new ChunkedFs(OLD_REPAIRED, 1000, 'file-1'), LOG);
    const reading = await readCbsSince(new ChunkedFs(OLD_REPAIRED + NOTHING, 1000, 'file-2'), LOG, mark);
    expect(reading.verdict.kind).toBe('repaired');
    expect(reading.notes[0]).toMatch(/is another file than at the mark/);
  });

  it('a mark reads back from a journal only in its own shape', async () => {
    const mark = await markCbsLog(new ChunkedFs(OLD_REPAIRED, 1000, 'f'), LOG);
    expect(asCbsMark(JSON.parse(JSON.stringify(mark)))).toEqual(mark);
    expect(asCbsMark(NO_LOG)).toEqual(NO_LOG);
    const bad: unknown[] = [undefined, null, 'x', { ...mark, bytes: -1 }, { ...mark, lines: 1.5 }, { ...mark, head: 'abc' }];
    bad.push({ ...mark, headBytes: HEAD_BYTES + 1 }, { ...mark, id: 3 }, { bytes: 1, lines: 1 } satisfies Partial<CbsMark>);
    for (const value of bad) expect(asCbsMark(value)).toBeUndefined();
  });
});
