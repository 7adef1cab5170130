import { promises as nodeFs } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedServerFiles, writeTree } from '../../src/demo/affected-server.js';
import { quoteArg } from '../../src/cli/invocation.js';
import { realFs } from '../../src/platform/real-fs.js';
import { cli, CLI, INVOKED, runAsPrinted, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';

/** An affected system volume in a folder whose name has a space, a quote and a dollar: the shell must not read them. */
async function volumeWithSpace(catalogs: number) {
  const dir = await tempDir();
  const root = join(dir, "system volume it's $x `q`");
  await writeTree(nodeFs, root, affectedServerFiles({ catalogs }));
  return { root, state: join(dir, 'state dir'), snap: () => snapshot(realFs(), root) };
}

describe('what the admin reads at the end of a run', () => {
  it('run with node <script>: says what it did in catalogs and folders, and prints an undo command that works as printed', async () => {
    const v = await volumeWithSpace(1200);
    const before = await v.snap();
    const repair = await cli(['--root', v.root, '--state-dir', v.state, '--yes']);
    expect(repair.code, repair.stderr).toBe(0);
    expect(repair.stdout).not.toMatch(/action\(s\) applied/);
    expect(repair.stdout).toMatch(/^ {2}moved 1,206 catalogs into CatRoot\\backup$/m);
    expect(repair.stdout).toMatch(/^ {2}copied KB912354\.CAT back into the catalog folder$/m);
    expect(repair.stdout).toMatch(/^ {2}set catroot2 aside as catroot2\.old and created an empty catroot2/m);
    // Progress in the step's units, one number format: not the engine's count across steps.
    expect(repair.stdout).toMatch(/^ {2}moving catalogs 1,024 \/ 1,206$/m);

    const undo = /^To undo: (.*)$/m.exec(repair.stdout)?.[1] as string;
    expect(undo).toBe(`${INVOKED} --root ${quoteArg(v.root, 'linux')} --state-dir ${quoteArg(v.state, 'linux')} --rollback --yes`);
    expect(INVOKED).toMatch(new RegExp(`^(node|${process.execPath}) ${CLI}$`));
    // As printed, with no terminal: a command that would ask instead would fail here.
    const rollback = await runAsPrinted(undo);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(rollback.stdout).toMatch(
      /^Rolled back run \S+: every file and folder it changed is as it was before it( \(\S+ file\(s\) checked against the manifest\))?\.$/m,
    );
    expect(rollback.stdout).toMatch(/^ {2}moved 1,206 catalogs back into the catalog folder and removed CatRoot\\backup/m);
    expect(await v.snap()).toEqual(before);
  });

  it('--json: the result and the rollback carry the same sentences; status offers commands that start the same way', async () => {
    const v = await volumeWithSpace(40);
    const base = ['--root', v.root, '--state-dir', v.state, '--json'];
    const repair = JSON.parse((await cli([...base, '--yes'])).stdout);
    expect(repair.result.summary).toContain('moved 46 catalogs into CatRoot\\backup');
    const status = JSON.parse((await cli(['status', ...base])).stdout);
    expect(status.status.next.rollback).toBe(`${INVOKED} --root ${quoteArg(v.root, 'linux')} --state-dir ${quoteArg(v.state, 'linux')} --rollback --yes`);
    const rollback = JSON.parse((await cli([...base, '--rollback', '--yes'])).stdout);
    expect(rollback.rollback.summary).toContain('moved 46 catalogs back into the catalog folder and removed CatRoot\\backup, which the repair had made');
    expect(rollback.rollback).not.toHaveProperty('byAction');
  });
});
