import { execa } from 'execa';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { invokedAs, launchOf } from '../../src/cli/invocation.js';
import { affectedServerFiles, writeTree, type AffectedServerOptions } from '../../src/demo/affected-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { snapshot } from './tree.js';
import { promises as nodeFs } from 'node:fs';

export const CLI = join(import.meta.dirname, '..', '..', 'dist', 'bin', 'catroot-repair.mjs');

/** How the built CLI names itself in the commands it prints when `cli()` runs it: "node <CLI>". */
export const INVOKED = invokedAs(launchOf({ execPath: process.execPath, script: CLI, env: process.env, platform: process.platform, singleExecutable: false }));

/** Runs the built CLI as a user would: no terminal, no colour. */
export async function cli(args: string[], env: Record<string, string> = {}, cwd?: string) {
  const result = await execa(process.execPath, [CLI, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, stdin: 'ignore', cwd });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** Runs a printed command the way an admin pastes it: through the shell, which reads its quoting. */
export async function runAsPrinted(command: string) {
  const result = await execa('sh', ['-c', command], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  return { code: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

const made: string[] = [];
afterEach(async () => {
  for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true });
});

/** A temp folder outside the repository, removed after the test. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'catroot-repair-test-'));
  made.push(dir);
  return dir;
}

export async function affectedTree(options: AffectedServerOptions = { catalogs: 300 }) {
  const dir = await tempDir();
  const root = join(dir, 'volume');
  await writeTree(nodeFs, root, affectedServerFiles(options));
  return { dir, root, state: join(dir, 'state'), snap: () => snapshot(realFs(), root), snapAll: () => snapshot(realFs(), dir) };
}

/** A Server 2003 tree whose logs hold no 0xfffffbfe: its only service-pack session ended with another code (0xf201). */
export function treeWithoutSignature(catalogs = 10) {
  return affectedTree({
    catalogs,
    extra: {
      'WINDOWS/svcpack.log': '1.0: 2009/01/01 10:00:00.000 (local)\r\n2.0: Update.exe extended error code = 0xf201\r\n',
      'WINDOWS/setupapi.log': '',
      'WINDOWS/WindowsUpdate.log': '',
    },
  });
}
