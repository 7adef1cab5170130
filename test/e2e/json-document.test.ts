import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JSON_FIELDS } from '../../src/cli/json-document.js';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'json.md');
const row = ([field, [setBy, holds]]: [string, readonly [string, string]]) => `| \`${field}\` | ${setBy} | ${holds.replace(/\|/g, '\\|')} |`;

describe('the --json document has one description', () => {
  it("docs/json.md's table is JSON_FIELDS, row for row", async () => {
    const text = await readFile(DOC, 'utf8');
    const table = /<!-- json-fields:start -->\n\| field \| set by \| holds \|\n\|---\|---\|---\|\n([\s\S]*?)\n<!-- json-fields:end -->/.exec(text)?.[1];
    expect(table?.split('\n')).toEqual(Object.entries(JSON_FIELDS).map(row));
  });

  it('every document the commands print has ok and exitCode, and no field the description lacks', async () => {
    const t = await affectedTree({ catalogs: 20 });
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const lines = [
      ['--version', '--json'],
      ['--bogus', '--json'],
      ['rollbak', '--json'],
      ['diagnose', ...base],
      ['diagnose', ...base, '--playbook', 'catalog-overflow'],
      [...base, '--dry-run'],
      [...base],
      [...base, '--yes'],
      [...base, '--yes'],
      ['verify', ...base],
      ['status', ...base],
      ['rollback', ...base, '--yes'],
      ['rollback', ...base, '--yes'],
      ['script', '--out', join(await tempDir(), 'catroot-repair.cmd'), '--json'],
    ];
    const seen = new Set<string>();
    for (const args of lines) {
      const r = await cli(args);
      const doc = JSON.parse(r.stdout) as Record<string, unknown>;
      expect(doc, args.join(' ')).toMatchObject({ ok: expect.any(Boolean), exitCode: r.code });
      for (const field of Object.keys(doc)) seen.add(field);
    }
    expect([...seen].filter((field) => !(field in JSON_FIELDS))).toEqual([]);
    // The commands above reach most of the description: a field no command sets would be a stale row.
    // judgement is component-store's and wu-reset's (test/unit/component-store-playbook.test.ts, test/e2e/wu-reset.test.ts).
    expect(
      Object.keys(JSON_FIELDS)
        .filter((field) => !seen.has(field))
        .sort(),
    ).toEqual(['installer', 'judgement', 'resume', 'savedPlan']);
  });
});
