import { readdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

describe('the built CLI on a run folder whose journal.jsonl was deleted', () => {
  it('status, verify, --rollback and a new repair all exit 12, name the folder and the manifest, and change nothing', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const args = ['--root', t.root, '--state-dir', t.state];
    expect((await cli([...args, '--yes'])).code).toBe(0);
    const runs = join(t.state, 'runs');
    const runDir = join(runs, (await readdir(runs))[0] as string);
    const kb = (await Promise.all((await readdir(join(runDir, 'manifest.d'))).map((f) => readFile(join(runDir, 'manifest.d', f), 'utf8'))))
      .join('')
      .split('\n')
      .find((l) => l.includes('KB912354'));
    expect(kb).toBeDefined();
    await unlink(join(runDir, 'journal.jsonl'));
    const before = await t.snapAll();
    for (const extra of [['status'], ['verify'], ['--rollback', '--yes'], ['--yes']]) {
      const r = await cli([...args, ...extra]);
      expect(r.code, `${extra.join(' ')}: ${r.stderr}`).toBe(12);
      expect(r.stderr).toContain(runDir);
      expect(r.stderr).toMatch(/journal.*missing[\s\S]*cannot prove what it did[\s\S]*manifest/);
    }
    expect(await t.snapAll()).toEqual(before);
  });
});
