#!/usr/bin/env node
// npm run build's second half: the CLI as it ships. dist/bin/catroot-repair.mjs is the bin: one minified ESM
// file with all of the tool's code, commander, fs-extra and the XML parser, each module run only when first
// needed. The prompt library, the spinner and execa, which only a terminal or a program to run needs, are
// in dist/bin/vendor/ and imported on first use. sp2-installer.mjs is the demo's stand-in installer, which
// the demo spawns.
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
/** Each library loaded on first use, by the name the code imports it by. */
const VENDOR = { '@inquirer/prompts': 'prompts', ora: 'spinner', execa: 'execa' };

/** In the bin, an import of a VENDOR library is one of vendor/<name>.mjs, beside it. */
const vendorOutside = {
  name: 'vendor-outside',
  setup(build) {
    const names = Object.keys(VENDOR).map((library) => library.replace(/[/.]/g, '\\$&'));
    build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) => ({ path: `./vendor/${VENDOR[args.path]}.mjs`, external: true }));
  },
};

const common = {
  bundle: true,
  minify: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // commander and fs-extra are CommonJS and require() Node's modules; an ES module has no require of its own.
  banner: { js: "import{createRequire as __cjsRequire}from'node:module';const require=__cjsRequire(import.meta.url);" },
  legalComments: 'linked',
  logLevel: 'warning',
};

const vendorBuild = await build({
  ...common,
  metafile: true,
  entryPoints: Object.fromEntries(Object.entries(VENDOR).map(([library, name]) => [name, library])),
  outdir: join(outdir, 'vendor'),
  splitting: true,
  chunkNames: '[name]-[hash]',
  plugins: [builtinsRequiredLate],
});
const mainBuild = await build({
  ...common,
  metafile: true,
  // Every file of vendor/, for src/cli/install-check.ts to look for before any command: a damaged install refuses up front.
  define: {
    __CATROOT_VENDOR__: JSON.stringify(
      readdirSync(join(outdir, 'vendor'))
        .filter((f) => f.endsWith('.mjs'))
        .sort(),
    ),
  },
  entryPoints: { 'catroot-repair': join(root, 'src', 'cli', 'main.ts'), 'sp2-installer': join(root, 'src', 'demo', 'sp2-installer.ts') },
  outdir,
  plugins: [builtinsRequiredLate, vendorOutside],
});
// The licence of every package the bundle holds, with its name and version, in one file beside it.
const packages = new Set();
for (const { metafile } of [vendorBuild, mainBuild])
  for (const input of Object.keys(metafile.inputs)) {
    const at = input.lastIndexOf('node_modules/');
    if (at < 0) continue;
    const parts = input.slice(at + 'node_modules/'.length).split('/');
    packages.add(input.slice(0, at) + 'node_modules/' + parts.slice(0, parts[0].startsWith('@') ? 2 : 1).join('/'));
  }
const notices = [...packages].sort().map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8'));
  const file = readdirSync(join(root, dir)).find((f) => /^(licen[cs]e|copying)/i.test(f));
  const text = file ? readFileSync(join(root, dir, file), 'utf8').trim() : `${license} (no licence file in the package)`;
  return `${name} ${version} (${license})\n\n${text}\n`;
});
writeFileSync(join(outdir, 'THIRD-PARTY-NOTICES.txt'), `catroot-repair's bundle holds these packages.\n\n${notices.join('\n' + '-'.repeat(72) + '\n\n')}`);

// The tarball's files: the bin, the installer, the vendor libraries and their licences, nothing else.
const stray = readdirSync(outdir).filter((f) => !/^(catroot-repair|sp2-installer)\.mjs$|^vendor$|^THIRD-PARTY-NOTICES\.txt$|\.LEGAL\.txt$/.test(f));
if (stray.length) throw new Error(`unexpected files in ${outdir}: ${stray.join(', ')}`);
