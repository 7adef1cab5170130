import { describe, expect, it } from 'vitest';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import { JournalError } from '../../src/errors.js';
import { replay } from '../../src/engine/run-state.js';

const begin = { type: 'begin', runId: 'r1', windir: '/w', stateDir: '/s', planSha256: 'x', actions: 3, backupConfirmed: false, at: 't' } as const;
const good = [encodeRecord(0, begin), encodeRecord(1, { type: 'intent', from: 0, to: 2 }), encodeRecord(2, { type: 'done', from: 0, to: 2 })];
const flip = (line: string) => line.replace('"intent"', '"intenT"');

describe('decodeJournal', () => {
  it.each([
    ['an empty file', '', 0],
    ['three good records', good.join(''), 3],
    ['a torn tail (no newline)', good.join('') + good[2]!.slice(0, 20), 3],
    ['a damaged last line', good.slice(0, 2).join('') + good[2]!.replace('done', 'dune'), 2],
    ['a torn line followed by the next record (a resumed run)', good.slice(0, 2).join('') + '{"seq":2,"ty\n' + good[2], 3],
    ['CRLF line ends', good.join('').replace(/\n/g, '\r\n'), 3],
  ])('accepts %s', (_name, text, count) => {
    expect(decodeJournal(text)).toHaveLength(count);
  });

  it.each([
    ['a flipped byte in the middle', good[0]! + flip(good[1]!) + good[2], /damaged at line 2/],
    ['a missing record in the middle', good[0]! + good[2]!, /damaged at line 2/],
    ['an unknown record type', good[0]! + encodeRecord(1, { type: 'teleport' } as never), /unknown record type "teleport"/],
  ])('refuses %s', (_name, text, message) => {
    expect(() => decodeJournal(text)).toThrow(JournalError);
    expect(() => decodeJournal(text)).toThrow(message);
  });
});

describe('the journal format', () => {
  it.each([
    ['format 1 (no format field, written before this release)', undefined, true],
    ['format 2 (this release)', 2, true],
    ['format 3 (a newer catroot-repair)', 3, false],
  ])('%s: read %s', (_name, format, readable) => {
    const records = decodeJournal(encodeRecord(0, format === undefined ? begin : { ...begin, format }));
    if (readable) expect(replay(records).begin.runId).toBe('r1');
    else expect(() => replay(records)).toThrow(/format 3; this catroot-repair reads formats up to 2/);
  });
});
