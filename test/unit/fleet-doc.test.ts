import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OUTCOME_EVENTS, outcomeEvent } from '../../src/cli/log/event-ids.js';
import { EXIT } from '../../src/cli/exit-codes.js';

describe('docs/fleet.md', () => {
  it('its event id table is OUTCOME_EVENTS, with the exit codes that give each id', async () => {
    const doc = await readFile(join(import.meta.dirname, '..', '..', 'docs', 'fleet.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- event-ids:begin -->'), doc.indexOf('<!-- event-ids:end -->'));
    const rows = table.split('\n').filter((line) => /^\| \d+ \|/.test(line));
    // detect (exit 1) reads only: it writes no log and no event.
    const codes = Object.values(EXIT).filter((code) => code !== EXIT.problemFound);
    const results = [undefined, 'repaired', 'already-done', 'rolled-back', 'dry-run'] as const;
    const expected = Object.values(OUTCOME_EVENTS).map((e) => {
      const giving = codes.filter((code) => results.some((result) => outcomeEvent(code, result).id === e.id));
      return `| ${e.id} | ${e.type} | ${e.meaning} | ${giving.join(', ')} |`;
    });
    expect(rows).toEqual(expected);
  });

  it.each(Object.values(OUTCOME_EVENTS))('id $id lies within eventcreate range 1 to 1000', ({ id }) => {
    expect(id).toBeGreaterThanOrEqual(1);
    expect(id).toBeLessThanOrEqual(1000);
  });
});
