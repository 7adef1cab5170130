#!/usr/bin/env node
// npm run build's second half: the CLI as it ships. dist/bin/catroot-repair.mjs is the bin, one minified ESM
// bundle with commander and everything a run needs; what only some runs need (each command's code, the
// prompts, the spinner, execa, the XML parser) is split into files beside it and loaded on first use, so
// `--help` reads about 60 KB. sp2-installer.mjs is the demo's stand-in installer, which the demo spawns.
import { rmSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { build } from 'esbuild';

const BUILTIN = new RegExp(`^(node:)?(${builtinModules.map((m) => m.replace(/[/]/g, '\\/')).join('|')})$`);

/**
 * Node's modules, imported by ES modules, become require() calls made where the importing module first
 * runs: an ES import of a builtin is hoisted to start-up (node:crypto, node:worker_threads, node:v8 for
 * --help), and Node builds an ES facade of each, reading node:fs's lazy stream classes (about 8 ms).
 */
const builtinsRequiredLate = {
  name: 'builtins-required-late',
  setup(build) {
    // commander requires node:child_process (and with it net and streams, about 10 ms) for subcommands
    // that are programs, which this CLI has none of: it gets the module on first use.
    build.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      args.kind === 'require-call' && /[\\/]commander[\\/]/.test(args.importer) ? { path: 'child_process', namespace: 'on-first-use' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'on-first-use' }, (args) => ({
      contents: `let m; module.exports = new Proxy({}, { get: (_, key) => (m ??= require('node:${'${args.path}'}'))[key] });`,
      loader: 'js',
    }));
    build.onResolve({ filter: BUILTIN }, (args) =>
      args.kind === 'import-statement' || args.kind === 'dynamic-import' ? { path: args.path, namespace: 'builtin' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'builtin' }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)});`, loader: 'js' }));
  },
};

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
  plugins: [builtinsRequiredLate],
  legalComments: 'linked',
  logLevel: 'warning',
});
