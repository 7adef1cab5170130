import { describe, expect, it } from 'vitest';
import { CMD_TEMPLATE, cmdScript } from '../../src/cmd-script/catroot-repair-cmd.js';

const lines = CMD_TEMPLATE.split('\n');
const labels = new Set(lines.filter((l) => /^:\w/.test(l)).map((l) => l.slice(1).trim().toLowerCase()));
/** Journal keywords the script writes (`>>"%J%" echo KEYWORD^|...`) and looks for (`:recorded KEYWORD`, `find "KEYWORD|"`). */
const written = new Set([...CMD_TEMPLATE.matchAll(/>>"%J%" echo ([a-z-]+)\^\|/g)].map((m) => m[1] as string));
const searched = new Set([...CMD_TEMPLATE.matchAll(/call :recorded ([a-z-]+)/g), ...CMD_TEMPLATE.matchAll(/find "([a-z-]+)\|"/g)].map((m) => m[1] as string));

describe('catroot-repair.cmd', () => {
  it('is written with CRLF line ends only, and says its version', () => {
    const text = cmdScript('9.8.7');
    expect(text.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text).toMatch(/^@echo off\r\nrem catroot-repair 9\.8\.7,/);
  });

  it.each([...new Set([...CMD_TEMPLATE.matchAll(/\b(?:goto|call) :?(\w+)/gi)].map((m) => (m[1] as string).toLowerCase()))].filter((t) => t !== 'eof'))(
    'jumps only to labels it has: %s',
    (target) => {
      expect(labels.has(target)).toBe(true);
    },
  );

  it('looks only for journal keywords it writes', () => {
    expect(searched.size).toBeGreaterThan(5);
    for (const keyword of searched) expect(written, keyword).toContain(keyword);
  });

  it('lists every exit code it uses in its header, and each question, answered No, exits 130', () => {
    const header = lines
      .slice(
        0,
        lines.findIndex((l) => l.startsWith('setlocal')),
      )
      .join('\n');
    const listed = new Set(/rem Exit codes[^]*/.exec(header)?.[0].match(/\b\d+\b/g));
    // 1 is only what the helpers hand back to their callers (errorlevel 1: no).
    const used = new Set([...CMD_TEMPLATE.matchAll(/exit \/b (\d+)/g)].map((m) => m[1] as string).filter((code) => code !== '1'));
    expect([...used].filter((code) => !listed.has(code))).toEqual([]);
    expect(listed).toContain('130');
    const questions = lines.flatMap((l, i) => (l.startsWith('call :confirm ') ? [lines[i + 1]?.trim()] : []));
    expect(questions.length).toBeGreaterThan(1);
    expect(questions.every((next) => next === 'if errorlevel 1 exit /b 130')).toBe(true);
  });

  // find "KEYWORD|" matches a line whose keyword ends with KEYWORD (a file name cannot hold a |).
  it.each([...written])('no other journal keyword ends with %s, so find "%s|" matches its lines only', (keyword) => {
    expect([...written].filter((other) => other !== keyword && other.endsWith(keyword))).toEqual([]);
  });
});
