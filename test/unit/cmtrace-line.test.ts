import { describe, expect, it } from 'vitest';
import { cmtraceLine, type LineTime, type StoryEvent } from '../../src/cli/log/cmtrace.js';

const at = new Date('2026-03-04T21:24:33.329Z');
const info = (message: string, component = 'catroot-repair'): StoryEvent => ({ severity: 'info', component, message });

describe('cmtraceLine', () => {
  it.each<[string, StoryEvent, LineTime, number, string]>([
    [
      'UTC-7: the bias is +420, the clock 7 hours behind',
      info('Run 3 started'),
      { at, biasMinutes: 420 },
      1256,
      '<![LOG[Run 3 started]LOG]!><time="14:24:33.329+420" date="03-04-2026" component="catroot-repair" context="" type="1" thread="1256" file="">',
    ],
    [
      'UTC+1: the bias is -60, and the date rolls over',
      { severity: 'warning', component: 'rename-catroot2', message: 'note: a file was held' },
      { at, biasMinutes: -60 },
      7,
      '<![LOG[note: a file was held]LOG]!><time="22:24:33.329-60" date="03-04-2026" component="rename-catroot2" context="" type="2" thread="7" file="">',
    ],
    [
      'UTC+5:30 past midnight: the next day',
      { severity: 'error', component: 'catroot-repair', message: 'failed' },
      { at, biasMinutes: -330 },
      1,
      '<![LOG[failed]LOG]!><time="02:54:33.329-330" date="03-05-2026" component="catroot-repair" context="" type="3" thread="1" file="">',
    ],
    [
      'UTC: +0, milliseconds padded',
      info('x'),
      { at: new Date('2026-12-31T23:59:59.005Z'), biasMinutes: 0 },
      42,
      '<![LOG[x]LOG]!><time="23:59:59.005+0" date="12-31-2026" component="catroot-repair" context="" type="1" thread="42" file="">',
    ],
    [
      'the end marker inside a message is escaped',
      info('a ]LOG]!> b'),
      { at, biasMinutes: 0 },
      1,
      '<![LOG[a ]LOG]!&gt; b]LOG]!><time="21:24:33.329+0" date="03-04-2026" component="catroot-repair" context="" type="1" thread="1" file="">',
    ],
    [
      'line breaks join into one line; a quote in the component cannot end its attribute',
      info('one\r\ntwo\nthree', 'step "x"'),
      { at, biasMinutes: 0 },
      1,
      `<![LOG[one | two | three]LOG]!><time="21:24:33.329+0" date="03-04-2026" component="step 'x'" context="" type="1" thread="1" file="">`,
    ],
  ])('%s', (_, event, time, thread, line) => {
    expect(cmtraceLine(event, time, thread)).toBe(line);
  });
});
