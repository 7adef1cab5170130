import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Plan } from '../../src/engine/plan.js';
import { DEFAULT_ROWS, screenRowsOf, writeNewTextFile, type PlanList } from '../../src/cli/plan-list.js';
import { wizard } from '../../src/cli/wizard.js';
import type { Prompter } from '../../src/platform/prompts.js';
import { MapFs } from '../helpers/map-fs.js';

/** A plan whose full listing is 1 + 1 + `moves` lines. */
const planOf = (moves: number): Plan => ({
  format: 1,
  fingerprint: 'f'.repeat(64),
  windir: '/w',
  stateDir: '/s',
  steps: [
    {
      id: 'move-catalogs',
      title: '',
      summary: 'move',
      actions: Array.from({ length: moves }, (_, i) => ({ kind: 'move-file' as const, from: `/c/KB${i}.cat`, to: `/b/KB${i}.cat` })),
    },
  ],
});

function answering(answers: boolean[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  return { asked, confirm: async (m) => (asked.push(m), answers.shift() ?? false), input: async () => '' };
}

describe('the wizard’s "every file" list', () => {
  it.each([
    ['fits the screen, shown', 10, [true, false], 'screen'],
    ['fits the screen, declined', 10, [false, false], 'none'],
    ['longer than the screen, accepted: a new file, its name printed', 100, [true, false], 'file'],
    ['longer than the screen, declined', 100, [false, false], 'none'],
  ] as const)('%s', async (_name, moves, answers, where) => {
    const prompter = answering([...answers]);
    const said: string[] = [];
    const written: string[] = [];
    const list: PlanList = { screenRows: DEFAULT_ROWS, write: async (pieces) => (written.push([...pieces].join('')), '/tmp/plan.txt') };
    await wizard.proceed(prompter, planOf(moves), (t) => said.push(typeof t === 'string' ? t : [...t].join('')), list);
    expect(prompter.asked[0]).toMatch(
      moves > DEFAULT_ROWS
        ? /^Show every file the plan touches\? \(102 lines, more than a screen: written to a new file to open\)$/
        : /^Show every file the plan touches\?$/,
    );
    expect(prompter.asked[1]).toMatch(/Apply this plan now\?/);
    const onScreen = said.join('');
    expect(onScreen.includes('move /c/KB0.cat -> /b/KB0.cat')).toBe(where === 'screen');
    expect(written.join('').includes('move /c/KB0.cat -> /b/KB0.cat')).toBe(where === 'file');
    if (where === 'file') expect(onScreen).toBe('Every file the plan touches is listed in /tmp/plan.txt');
  });

  it('writes a new file each time, never over one', async () => {
    const fs = new MapFs();
    await fs.mkdir('/tmp');
    await fs.createFile('/tmp/plan.txt', 'the admin’s own file');
    expect(await writeNewTextFile(fs, '/tmp', 'plan', ['a\n', 'b\n'])).toBe('/tmp/plan-2.txt');
    expect(await writeNewTextFile(fs, '/tmp', 'plan', ['c\n'])).toBe('/tmp/plan-3.txt');
    expect((await fs.readFile('/tmp/plan.txt')).toString()).toBe('the admin’s own file');
    expect((await fs.readFile('/tmp/plan-2.txt')).toString()).toBe('a\nb\n');
  });

  it.each([
    ['a file or a pipe: no limit', {}, Infinity],
    ['a terminal of 50 rows', { isTTY: true, rows: 50 }, 50],
    ['a terminal that reports 0 rows', { isTTY: true, rows: 0 }, DEFAULT_ROWS],
    ['a terminal that reports none', { isTTY: true }, DEFAULT_ROWS],
  ])('screen rows of %s', (_name, props, rows) => expect(screenRowsOf(Object.assign(new PassThrough(), props))).toBe(rows));
});
