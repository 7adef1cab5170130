import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli, treeWithoutSignature } from '../helpers/cli.js';

const LINE =
  /^<!\[LOG\[(?<message>.*?)\]LOG\]!><time="\d\d:\d\d:\d\d\.\d{3}[+-]\d+" date="\d\d-\d\d-\d{4}" component="(?<component>[^"]*)" context="" type="(?<type>[123])" thread="\d+" file="">$/;

async function storyOf(path: string) {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\r\n')).toBe(true);
  return text
    .slice(0, -2)
    .split('\r\n')
    .map((line) => {
      const match = LINE.exec(line);
      expect(match, line).not.toBeNull();
      return match?.groups as { message: string; component: string; type: string };
    });
}

describe('--log: the run in CMTrace format, end to end', () => {
  it('a repair and its rollback append their stories, line by line, to the same file', async () => {
    const t = await affectedTree();
    const log = join(t.dir, 'logs', 'catroot-repair.log');
    expect((await cli(['--root', t.root, '--state-dir', t.state, '--yes', '--log', log])).code).toBe(0);
    const repair = await storyOf(log);
    expect(repair[0]?.message).toMatch(/^catroot-repair [\d.]+: repair of .*WINDOWS$/);
    expect(repair.find((l) => l.message.startsWith('Run '))?.message).toMatch(
      /started: playbook catalog-overflow, plan [0-9a-f]{64}, \d+ step\(s\), \d+ action\(s\)/,
    );
    const begun = repair.filter((l) => /^Step \S+ begun$/.test(l.message)).map((l) => l.component);
    const done = repair.filter((l) => /^Step \S+ done$/.test(l.message)).map((l) => l.component);
    expect(begun.length).toBeGreaterThan(1);
    expect(done).toEqual(begun);
    expect(repair.at(-1)).toEqual({ message: 'Run ended. Exit code 0: repaired', component: 'catroot-repair', type: '1' });

    expect((await cli(['rollback', '--root', t.root, '--state-dir', t.state, '--yes', '--log', log])).code).toBe(0);
    const both = await storyOf(log);
    expect(both.slice(0, repair.length)).toEqual(repair);
    expect(both.at(-1)?.message).toBe('Run ended. Exit code 0: rolled back');
  });

  it('a refused run ends with a warning line; an unwritable log never fails the run', async () => {
    const t = await treeWithoutSignature();
    const log = join(t.dir, 'catroot-repair.log');
    const refused = await cli(['--root', t.root, '--state-dir', t.state, '--yes', '--log', log]);
    expect(refused.code).toBe(10);
    expect((await storyOf(log)).at(-1)).toMatchObject({ type: '2', message: expect.stringMatching(/^Run ended\. Exit code 10: refused/) });

    const blocked = await cli(['--root', t.root, '--state-dir', t.state, '--yes', '--force', '--log', join(log, 'under-a-file.log')]);
    expect(blocked.code, blocked.stderr).toBe(0);
    expect(blocked.stderr.match(/note: the log .* cannot be written/g)?.length).toBe(1);
  });
});
