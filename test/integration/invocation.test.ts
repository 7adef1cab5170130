import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invokedAs, launchOf } from '../../src/cli/invocation.js';
import { tempDir } from '../helpers/cli.js';

/** A package folder as npm installs it globally: PATH folder `prefix` with the bin beside node_modules. */
async function installed(platform: 'linux' | 'win32'): Promise<{ prefix: string; script: string }> {
  const prefix = await tempDir();
  const script = join(prefix, 'node_modules', 'catroot-repair', 'dist', 'bin', 'catroot-repair.mjs');
  await mkdir(join(script, '..'), { recursive: true });
  await writeFile(script, '');
  if (platform === 'win32')
    await writeFile(join(prefix, 'catroot-repair.cmd'), '@node "%~dp0\\node_modules\\catroot-repair\\dist\\bin\\catroot-repair.mjs" %*');
  else await symlink(script, join(prefix, 'catroot-repair'));
  return { prefix, script };
}

describe('how this process was started, read from PATH', () => {
  it.each(['linux', 'win32'] as const)('%s: the npm bin on PATH that runs this script -> catroot-repair', async (platform) => {
    const { prefix, script } = await installed(platform);
    const launch = launchOf({ execPath: process.execPath, script, env: { PATH: prefix }, platform, singleExecutable: false });
    expect(launch.binOnPath).toBe(true);
    expect(invokedAs(launch)).toBe('catroot-repair');
  });

  it('another catroot-repair first on PATH: the script is named by its path', async () => {
    const { prefix, script } = await installed('linux');
    const other = await installed('linux');
    const launch = launchOf({
      execPath: process.execPath,
      script,
      env: { PATH: [other.prefix, prefix].join(delimiter) },
      platform: 'linux',
      singleExecutable: false,
    });
    expect(launch.binOnPath).toBe(false);
  });

  it.each([
    ['this node first on PATH', true],
    ['no node on PATH', false],
  ])('%s -> nodeOnPath %s', async (_name, onPath) => {
    const bin = await tempDir();
    if (onPath) await symlink(process.execPath, join(bin, 'node'));
    expect(
      launchOf({ execPath: process.execPath, script: '/x/catroot-repair.mjs', env: { PATH: bin }, platform: 'linux', singleExecutable: false }).nodeOnPath,
    ).toBe(onPath);
  });
});
