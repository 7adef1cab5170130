import { describe, expect, it } from 'vitest';
import { svcpackFailureSession, svcpackSuccessSession } from '../../src/demo/logs.js';
import { asMark, markOf, readSvcpack, sessionsSince } from '../../src/diagnosis/svcpack-mark.js';
import { MapFs } from '../helpers/map-fs.js';

const LOG = '/w/svcpack.log';
const failed = (at: string) => `${svcpackFailureSession(at)}\r\n`;
const succeeded = (at: string) => `${svcpackSuccessSession(at)}\r\n`;
const OLD = failed('2007/07/02 05:46:14.203');

async function read(text: string | undefined) {
  const fs = MapFs.fromFiles('/w', text === undefined ? { other: '' } : { 'svcpack.log': text });
  return readSvcpack(fs, LOG);
}

/** svcpack.log at the mark, then as the installer (or anyone) left it: which sessions are new. */
describe('svcpack.log: the sessions begun after a mark', () => {
  it.each<[string, string | undefined, string | undefined, string[], boolean]>([
    ['nothing written since', OLD, OLD, [], false],
    ['one session appended', OLD, OLD + succeeded('2026/11/22 03:00:00.000'), ['2026/11/22 03:00:00.000'], false],
    [
      'two appended, the first dated later (clocks are not compared)',
      OLD,
      OLD + failed('2026/11/22 03:00:00.000') + succeeded('2020/01/01 00:00:00.000'),
      ['2026/11/22 03:00:00.000', '2020/01/01 00:00:00.000'],
      false,
    ],
    ['no log at the mark, then one', undefined, succeeded('2026/11/22 03:00:00.000'), ['2026/11/22 03:00:00.000'], false],
    ['no log at the mark, none after', undefined, undefined, [], false],
    [
      'the log became shorter: replaced, all of it new',
      OLD + failed('2026/11/21 03:00:00.000'),
      succeeded('2026/11/22 03:00:00.000'),
      ['2026/11/22 03:00:00.000'],
      true,
    ],
    [
      'the session at the mark began otherwise: replaced',
      OLD,
      failed('2026/11/21 03:00:00.000') + failed('2026/11/22 03:00:00.000'),
      ['2026/11/21 03:00:00.000', '2026/11/22 03:00:00.000'],
      true,
    ],
    ['the log was removed: replaced, nothing new', OLD, undefined, [], true],
  ])('%s', async (_name, atMark, now, expected, replaced) => {
    const mark = markOf(await read(atMark));
    const since = sessionsSince(await read(now), mark);
    expect(since.sessions.map((s) => s.started)).toEqual(expected);
    expect(since.replaced).toBe(replaced);
  });

  it('a mark reads back from a journal only in its own shape', () => {
    expect(asMark({ bytes: 10, sessions: 1, last: 'x' })).toEqual({ bytes: 10, sessions: 1, last: 'x' });
    expect(asMark({ bytes: 0, sessions: 0 })).toEqual({ bytes: 0, sessions: 0 });
    for (const bad of [undefined, null, 'x', { bytes: -1, sessions: 0 }, { bytes: 1 }, { bytes: 1, sessions: 1.5 }, { bytes: 1, sessions: 1, last: 3 }])
      expect(asMark(bad)).toBeUndefined();
  });
});
