import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { JSON_SCHEMA } from '../../src/cli/json-envelope.js';
import { affectedTree, CLI } from '../helpers/cli.js';
import { jsonValidator } from '../helpers/json-schemas.js';
import { signalMidRun } from '../helpers/signal-mid-run.js';

// Enough catalogs for about 10 journal groups: the signal arrives with groups done and groups to go.
const CATALOGS = 5_000;

describe('a run stopped after it began prints an error document that says it changed the system', () => {
  // [command, its flags, the journal record of a group done, a command that reads the stopped run, its schema, a field it sets]
  it.each([
    ['repair', [], 'done', ['--dry-run'], 'repair', 'resume'],
    ['rollback', ['--rollback'], 'undo-done', ['status'], 'status', 'status'],
  ] as const)(
    'a %s stopped by SIGTERM; then a read-only command on the stopped run says changed false',
    async (command, extra, record, then, schema, field) => {
      const t = await affectedTree({ catalogs: CATALOGS });
      const args = ['--root', t.root, '--state-dir', t.state, '--yes', '--json'];
      if (command === 'rollback') expect((await execa(process.execPath, [CLI, ...args], { reject: false })).exitCode).toBe(0);
      const before = JSON.stringify(await t.snap());
      const { result } = await signalMidRun([...args, ...extra], t.state, 'SIGTERM', record);
      const doc = JSON.parse(result.stdout) as Record<string, unknown>;
      expect((await jsonValidator())('error', doc)).toBeNull();
      expect(doc).toMatchObject({ schema: JSON_SCHEMA, ok: false, exitCode: 1603, changed: true, playbook: 'catalog-overflow' });
      const stopped = JSON.stringify(await t.snap());
      expect(stopped).not.toBe(before);

      const read = JSON.parse((await execa(process.execPath, [CLI, ...then, '--root', t.root, '--state-dir', t.state, '--json'], { reject: false })).stdout);
      expect((await jsonValidator())(schema, read)).toBeNull();
      expect(read).toMatchObject({ changed: false, playbook: 'catalog-overflow', [field]: expect.any(Object) });
      expect(JSON.stringify(await t.snap())).toBe(stopped);
    },
    240_000,
  );
});
