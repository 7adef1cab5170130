import { execa } from 'execa';
import { readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';

const DOC = join(import.meta.dirname, '..', '..', 'docs', 'recovery.md');

/** The bash block of docs/recovery.md, exactly as an admin would copy it. */
async function restoreScript(): Promise<string> {
  const blocks = [...(await readFile(DOC, 'utf8')).matchAll(/```bash\n([\s\S]*?)```/g)].map((m) => m[1] as string);
  const script = blocks.find((b) => b.startsWith('# restore-by-hand.sh'));
  if (!script) throw new Error('docs/recovery.md has no restore-by-hand.sh block');
  return script;
}

async function repairedTree(catalogs: number) {
  const t = await affectedTree({ catalogs });
  const original = await t.snap();
  const args = ['--root', t.root, '--state-dir', t.state];
  const repaired = await cli([...args, '--yes']);
  expect(repaired.code, repaired.stderr).toBe(0);
  const runs = join(t.state, 'runs');
  const runDir = join(runs, (await readdir(runs))[0] as string);
  const windir = join(t.root, (await readdir(t.root)).find((n) => /^(windows|winnt)$/i.test(n)) as string);
  return { t, original, args, runDir, windir };
}

async function runRestore(windir: string, runDir: string) {
  const file = join(await tempDir(), 'restore-by-hand.sh');
  await writeFile(file, await restoreScript());
  return execa('bash', [file], { env: { W: windir, RUN: runDir }, reject: false });
}

describe('after exit 12, the way out that the message and docs/recovery.md give', () => {
  it('a journal damaged in the middle: the message says what its intact records prove and points to the recovery steps', async () => {
    const { args, runDir, t } = await repairedTree(20);
    const journal = join(runDir, 'journal.jsonl');
    const lines = (await readFile(journal, 'utf8')).split('\n');
    lines[4] = (lines[4] as string).replace('"sum":"', '"sum":"0');
    await writeFile(journal, lines.join('\n'));
    const before = await t.snapAll();
    for (const command of [['status'], ['verify'], ['--rollback', '--yes'], ['--yes']]) {
      const r = await cli([...args, ...command]);
      expect(r.code, command.join(' ')).toBe(12);
      expect(r.stderr).toMatch(
        /damaged at line 5.*the 4 record\(s\) before it are intact: run 000001-\S+ began at \S+ for \S+, started \d+ of \d+ action\(s\) \(\d+ recorded done\) and was last applying/,
      );
      expect(r.stderr).toContain('docs/recovery.md');
    }
    expect(await t.snapAll()).toEqual(before);
  });

  it.each([
    ['journal deleted', (dir: string) => rm(join(dir, 'journal.jsonl'))],
    [
      'journal damaged',
      async (dir: string) => writeFile(join(dir, 'journal.jsonl'), (await readFile(join(dir, 'journal.jsonl'), 'utf8')).replace('"intent"', '"intenT"')),
    ],
  ])('%s: the documented bash restore puts the tree back byte for byte, and the tool acts again', async (_name, damage) => {
    const { t, original, args, runDir, windir } = await repairedTree(60);
    await damage(runDir);
    expect((await cli([...args, 'status'])).code).toBe(12);
    const restored = await runRestore(windir, runDir);
    expect(restored.exitCode, restored.stdout + restored.stderr).toBe(0);
    expect(restored.stdout).toContain('problems: 0');
    expect(await t.snap()).toEqual(original);
    expect(await readdir(join(t.state, 'runs'))).toEqual([]);
    expect((await cli([...args, 'diagnose'])).stdout).toMatch(/AFFECTED/);
  });

  it.each([
    ['unchanged: the tree is back byte for byte', async () => {}, /problems: 0/, true],
    ['a catalog cut short since: left where it is and reported', (place: string) => truncate(place, 1), /changed: .*left where it is[\s\S]*problems: 1/, false],
  ])('manifest lines proved by listing (mtimeMs, no sha256), %s', async (_name, change, said, restoredWhole) => {
    const { t, original, runDir, windir } = await repairedTree(10);
    await rm(join(runDir, 'journal.jsonl'));
    const manifests = [join(runDir, 'manifest.jsonl'), ...(await readdir(join(runDir, 'manifest.d'))).map((f) => join(runDir, 'manifest.d', f))];
    for (const file of manifests) {
      const entries = (await readFile(file, 'utf8'))
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { sha256?: string; places: string[] });
      await writeFile(file, entries.map(({ sha256: _, ...entry }) => `${JSON.stringify({ ...entry, mtimeMs: 1 })}\n`).join(''));
    }
    const first = JSON.parse((await readFile(manifests[1] as string, 'utf8')).split('\n')[0] as string) as { places: string[] };
    await change(join(windir, first.places[0] as string));
    const restored = await runRestore(windir, runDir);
    expect(restored.stdout, restored.stderr).toMatch(said);
    expect(isDeepStrictEqual(await t.snap(), original)).toBe(restoredWhole);
  });

  it('a catalog changed since the run is left where it is and reported; the run folder stays in runs/', async () => {
    const { args, runDir, windir } = await repairedTree(10);
    await rm(join(runDir, 'journal.jsonl'));
    const moved = JSON.parse(
      (await readFile(join(runDir, 'manifest.d', (await readdir(join(runDir, 'manifest.d')))[0] as string), 'utf8')).split('\n')[0] as string,
    ) as { places: string[] };
    await writeFile(join(windir, moved.places[0] as string), 'edited since');
    const restored = await runRestore(windir, runDir);
    expect(restored.stdout).toMatch(/changed: .*left where it is/);
    expect(restored.stdout).toContain('problems: 1');
    expect(await readFile(join(windir, moved.places[0] as string), 'utf8')).toBe('edited since');
    expect((await cli([...args, 'status'])).code).toBe(12);
  });
});
