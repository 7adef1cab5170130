import { describe, expect, it } from 'vitest';
import { DETECT_LINE_MAX, detectErrorLine, detectLine } from '../../src/cli/detect-line.js';

const fields = (evidence: string) => ({ detect: 1, playbook: 'wu-reset', store: 'not-affected', evidence });

describe("detect's one line", () => {
  it.each([
    ['short text, kept whole', 'ReportingEvents.log:4 0x80242006', 'ReportingEvents.log:4 0x80242006'],
    ['long text, cut with an ellipsis', 'x'.repeat(5000), undefined],
    ['quotes and backslashes (escapes never cut in half)', '"\\'.repeat(3000), undefined],
    ['control characters (\\u escapes)', '\u0001'.repeat(3000), undefined],
    ['astral characters (never half a surrogate pair)', '😀'.repeat(3000), undefined],
  ])('%s', (_, evidence, kept) => {
    const line = detectLine(fields(evidence), 'evidence');
    expect(line.length).toBeLessThanOrEqual(DETECT_LINE_MAX);
    expect(line).not.toContain('\n');
    const doc = JSON.parse(line) as ReturnType<typeof fields>;
    expect(doc).toMatchObject({ detect: 1, playbook: 'wu-reset', store: 'not-affected' });
    if (kept !== undefined) return expect(doc.evidence).toBe(kept);
    expect(doc.evidence.endsWith('…')).toBe(true);
    expect(evidence.startsWith(doc.evidence.slice(0, -1))).toBe(true);
    expect(doc.evidence).not.toMatch(/[\uD800-\uDBFF]…$/);
    // As long as it can be: one more character would not fit.
    const kept1 = Array.from(evidence).slice(0, Array.from(doc.evidence).length).join('');
    expect(JSON.stringify(fields(`${kept1}…`)).length).toBeGreaterThan(DETECT_LINE_MAX);
  });

  it('other fields too long for any evidence: only detect is kept', () => {
    expect(detectLine({ detect: 1, playbook: 'p'.repeat(3000), evidence: 'e' }, 'evidence')).toBe('{"detect":1}');
  });

  it.each([
    [2, 'BadInputError', '/mnt/x is not a folder'],
    [12, 'JournalError', 'j'.repeat(4000)],
  ])('an error of detection: exit %i on one line', (code, type, message) => {
    const line = detectErrorLine(code, type, message);
    expect(line.endsWith('\n') && line.indexOf('\n') === line.length - 1).toBe(true);
    expect(line.length - 1).toBeLessThanOrEqual(DETECT_LINE_MAX);
    expect(JSON.parse(line)).toMatchObject({ detect: code, error: type });
  });
});
