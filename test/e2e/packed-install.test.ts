import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { affectedTree, tempDir } from '../helpers/cli.js';

const REPO = join(import.meta.dirname, '..', '..');
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

type Packed = { filename: string; files: Array<{ path: string }> };
let packed: Packed;
let tarball: string;
let packDir: string;

/** The tarball as `npm pack` makes it from the built tree (pretest built it; --ignore-scripts skips prepack's rebuild). */
beforeAll(async () => {
  // Not tempDir(): that one is removed after each test, and the tarball serves them all.
  packDir = await mkdtemp(join(tmpdir(), 'catroot-repair-pack-'));
  const { stdout } = await execa('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', packDir], { cwd: REPO });
  packed = (JSON.parse(stdout) as Packed[])[0] as Packed;
  tarball = join(packDir, packed.filename);
}, 120_000);
afterAll(() => rm(packDir, { recursive: true, force: true }));

/** `npm install -g` of the tarball into a fresh prefix, offline: the package has no dependencies to fetch. */
async function installGlobally() {
  const prefix = await tempDir();
  await execa('npm', ['install', '-g', '--offline', '--no-audit', '--no-fund', '--prefix', prefix, tarball], {
    env: { npm_config_cache: join(prefix, '.npm-cache') },
  });
  const bin = join(prefix, 'bin');
  // A shell whose PATH has the installed command and node, as after a real global install.
  const env = { PATH: [bin, dirname(process.execPath), '/usr/bin', '/bin'].join(delimiter), NO_COLOR: '1' };
  const run = async (args: string[]) => {
    const r = await execa('catroot-repair', args, { env, extendEnv: false, reject: false, stdin: 'ignore' });
    return { code: r.exitCode, stdout: r.stdout, stderr: r.stderr };
  };
  return { prefix, package: join(prefix, 'lib', 'node_modules', 'catroot-repair'), run };
}

describe('the npm tarball, installed with npm install -g', () => {
  it('holds the bundle, the docs and the schemas, and no sources, tests or tsc output', () => {
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(
      expect.arrayContaining(['package.json', 'README.md', 'dist/bin/catroot-repair.mjs', 'dist/bin/sp2-installer.mjs', 'schema/detect.schema.json']),
    );
    expect(paths.filter((p) => /^(src|test|bench|scripts|node_modules)\/|^dist\/(src|steps|playbooks)\//.test(p))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { dependencies?: object; bin: Record<string, string> };
    // Everything it runs is in the bundle, so installing it fetches nothing.
    expect(manifest.dependencies ?? {}).toEqual({});
    expect(paths).toContain(manifest.bin['catroot-repair']);
  });

  it('runs --version, the demo, and an offline repair, its second run and its rollback from the installed command', async () => {
    const installed = await installGlobally();
    expect(existsSync(join(installed.package, 'node_modules'))).toBe(false);

    const version = await installed.run(['--version']);
    expect(version).toMatchObject({ code: 0, stdout: VERSION });

    const demoDir = join(await tempDir(), 'demo');
    const demo = await installed.run(['demo', '--yes', '--dir', demoDir]);
    expect(demo.code, demo.stderr).toBe(0);
    expect(demo.stderr + demo.stdout).toMatch(/the service pack installed \(exit code 0\)/);

    const t = await affectedTree({ catalogs: 50 });
    const before = await t.snap();
    const repair = await installed.run(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(repair.code, repair.stderr).toBe(0);
    const repaired = await t.snap();
    expect(repaired).not.toEqual(before);
    // On PATH, the tool names itself by its command in what it prints to run next.
    expect(repair.stdout + repair.stderr).toMatch(/To undo: catroot-repair --root /);

    const again = await installed.run(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(again.code, again.stderr).toBe(0);
    expect(await t.snap()).toEqual(repaired);

    const rollback = await installed.run(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes']);
    expect(rollback.code, rollback.stderr).toBe(0);
    expect(await t.snap()).toEqual(before);
  }, 180_000);

  it('an install missing a file of vendor/ refuses every command up front (exit 2, the file named), and changes nothing', async () => {
    const installed = await installGlobally();
    const gone = join(installed.package, 'dist', 'bin', 'vendor', 'execa.mjs');
    await rm(gone);
    const t = await affectedTree({ catalogs: 20 });
    const before = await t.snapAll();
    for (const args of [
      ['--root', t.root, '--state-dir', t.state, '--yes'],
      ['diagnose', '--root', t.root],
    ]) {
      const r = await installed.run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(`${gone} is missing; nothing was changed`);
    }
    expect(await t.snapAll()).toEqual(before);
  }, 120_000);
});
