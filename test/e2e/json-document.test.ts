import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_FIELDS } from '../../src/cli/json-document.js';
import { JSON_SCHEMA, JSON_SCHEMA_MAJOR } from '../../src/cli/json-envelope.js';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';
import { jsonValidator, schemaFiles } from '../helpers/json-schemas.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'json.md');
const row = ([field, [setBy, holds]]: [string, readonly [string, string]]) => `| \`${field}\` | ${setBy} | ${holds.replace(/\|/g, '\\|')} |`;

describe('the --json document has one description', () => {
  it("docs/json.md's table is JSON_FIELDS, row for row", async () => {
    const text = await readFile(DOC, 'utf8');
    const table = /<!-- json-fields:start -->\n\| field \| set by \| holds \|\n\|---\|---\|---\|\n([\s\S]*?)\n<!-- json-fields:end -->/.exec(text)?.[1];
    expect(table?.split('\n')).toEqual(Object.entries(JSON_FIELDS).map(row));
  });

  it("the envelope schema types every field of JSON_FIELDS, and every schema's $id names the major", async () => {
    const files = await schemaFiles();
    const envelope = files.find((f) => f.name === 'envelope')?.schema;
    expect(Object.keys(envelope?.properties ?? {}).sort()).toEqual(Object.keys(JSON_FIELDS).sort());
    expect(envelope?.properties?.['schema']).toEqual({ const: JSON_SCHEMA });
    for (const { name, schema } of files) expect(schema.$id).toMatch(new RegExp(`/${JSON_SCHEMA_MAJOR}/${name}\\.schema\\.json$`));
  });
});

type Doc = Record<string, unknown>;

describe('every document the commands print is valid against its schema', () => {
  const docs: Array<{ args: string[]; schema: string; changed: boolean; doc: Doc; code: number | undefined }> = [];
  const trees: Record<string, { before: string; after: string }> = {};

  beforeAll(async () => {
    const t = await affectedTree({ catalogs: 20 });
    const base = ['--root', t.root, '--state-dir', t.state, '--json'];
    const [script, saved] = [join(await tempDir(), 'catroot-repair.cmd'), join(await tempDir(), 'plan.json')];
    // [command line, its schema, changed]: in this order, on one tree.
    const lines: Array<[string[], string, boolean]> = [
      [['--version', '--json'], 'version', false],
      [['--help', '--json'], 'envelope', false],
      [['--bogus', '--json'], 'error', false],
      [['rollbak', '--json'], 'error', false],
      [['diagnose', ...base], 'diagnose', false],
      [['diagnose', ...base, '--playbook', 'catalog-overflow'], 'diagnose', false],
      [[...base, '--dry-run'], 'repair', false],
      [[...base, '--dry-run', '--save-plan', saved], 'repair', false],
      [[...base, '--plan', saved, '--dry-run'], 'repair', false],
      [[...base], 'error', false],
      [[...base, '--yes'], 'repair', true],
      [[...base, '--yes'], 'repair', false],
      [['verify', ...base], 'verify', false],
      [['status', ...base], 'status', false],
      [['rollback', ...base, '--dry-run'], 'rollback', false],
      [['rollback', ...base, '--yes'], 'rollback', true],
      [['rollback', ...base, '--yes'], 'error', false],
      [['script', '--out', script, '--json'], 'script', false],
    ];
    for (const [args, schema, changed] of lines) {
      const before = await t.snap();
      const r = await cli(args);
      docs.push({ args, schema, changed, doc: JSON.parse(r.stdout) as Doc, code: r.code });
      trees[docs.length - 1] = { before: JSON.stringify(before), after: JSON.stringify(await t.snap()) };
    }
  });

  it('each is valid against the envelope and its own schema, with the exit code and changed expected', async () => {
    const validate = await jsonValidator();
    for (const [i, { args, schema, changed, doc, code }] of docs.entries()) {
      const label = args.filter((a) => !a.startsWith('/')).join(' ');
      expect({ label, envelope: validate('envelope', doc), own: validate(schema, doc) }).toEqual({ label, envelope: null, own: null });
      expect(doc, label).toMatchObject({ schema: JSON_SCHEMA, exitCode: code, changed });
      // changed says what the tree says: the files moved exactly when it is true.
      expect(trees[i]?.before !== trees[i]?.after, label).toBe(changed);
    }
  });

  it('no document has a field the description lacks, and the commands reach most of it', () => {
    const seen = new Set(docs.flatMap(({ doc }) => Object.keys(doc)));
    expect([...seen].filter((field) => !(field in JSON_FIELDS))).toEqual([]);
    // A field no command sets would be a stale row. resume is validated in test/e2e/json-stopped-run.test.ts; judgement is
    // component-store's and wu-reset's (test/unit/component-store-playbook.test.ts, test/e2e/wu-reset.test.ts).
    expect(Object.keys(JSON_FIELDS).filter((field) => !seen.has(field))).toEqual(['resume', 'installer', 'judgement']);
  });

  it('every schema in schema/ is used above', async () => {
    // detect's one line is validated in test/e2e/detect.test.ts.
    expect((await schemaFiles()).map((f) => f.name)).toEqual([...new Set([...docs.map((d) => d.schema), 'detect'])].sort());
  });

  it.each([
    ['no schema', 'version', (d: Doc) => ({ ...d, schema: undefined })],
    ['another major', 'version', (d: Doc) => ({ ...d, schema: 'catroot-repair/2' })],
    ['changed as a string', 'version', (d: Doc) => ({ ...d, changed: 'false' })],
    ['no changed', 'version', (d: Doc) => ({ ...d, changed: undefined })],
    ['a playbook that is a number', 'version', (d: Doc) => ({ ...d, playbook: 1 })],
    ['ok that disagrees with exitCode', 'version', (d: Doc) => ({ ...d, ok: false })],
    ['a repair that applied actions but says changed false', 'repair', (d: Doc) => ({ ...d, changed: false })],
    ['a rollback that undid actions but says changed false', 'rollback', (d: Doc) => ({ ...d, changed: false })],
    ['a status with no runs', 'status', (d: Doc) => ({ ...d, runs: [] })],
    ['an error with no message', 'error', (d: Doc) => ({ ...d, error: { type: 'UsageError' } })],
  ])('a real document with %s fails validation', async (_, schema, spoil) => {
    const validate = await jsonValidator();
    const real = docs.find((d) => d.schema === schema && (d.changed || !['repair', 'rollback'].includes(schema)));
    expect(validate(schema, real?.doc)).toBeNull();
    expect(validate(schema, JSON.parse(JSON.stringify(spoil(real?.doc ?? {}))))).not.toBeNull();
  });
});
