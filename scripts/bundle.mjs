#!/usr/bin/env node
// npm run build's second half: the CLI as it ships. dist/bin/catroot-repair.mjs is the bin, one minified ESM
// bundle with commander and everything a run needs; what only some runs need (each command's code, the
// prompts, the spinner, execa, the XML parser) is split into files beside it and loaded on first use, so
// `--help` reads about 60 KB. sp2-installer.mjs is the demo's stand-in installer, which the demo spawns.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const root = join(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bin');
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: {
    'catroot-repair': join(root, 'src', 'cli', 'main.ts'),
    'sp2-installer': join(root, 'src', 'demo', 'sp2-installer.ts'),
  },
  outdir,
  outExtension: { '.js': '.mjs' },
  chunkNames: '[name]-[hash]',
  bundle: true,
  splitting: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // commander and fs-extra are CommonJS and require() Node's modules; an ES module has no require of its own.
  banner: { js: "import{createRequire as __cjsRequire}from'node:module';const require=__cjsRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
});
