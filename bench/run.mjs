#!/usr/bin/env node
// npm run bench: the tool against the article's batch file (bare) and the batch file plus a sha256
// manifest (careful), and against the least a Node tool giving the same proof does (node floor,
// bench/node-floor.mjs), on identical trees of 1k, 10k, 20k and 100k catalogs. Medians of BENCH_RUNS runs.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { affectedServerFiles, writeTree } from '../dist/src/demo/affected-server.js';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000,20000,100000').split(',').map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CLI = join(import.meta.dirname, '..', 'dist', 'bin', 'catroot-repair.mjs');
const FLOOR = join(import.meta.dirname, 'node-floor.mjs');
const CATALOGS = 'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

const BARE = `set -e; cd "$1/${CATALOGS}"; mkdir ../backup
find . -maxdepth 1 -type f \\( -iname 'KB*.cat' -o -iname 'Q*' -o -iname 'TMP*.cat' \\) -exec mv -t ../backup {} +
[ -f ../backup/KB912354.CAT ] && cp ../backup/KB912354.CAT .
cd ../..; mv catroot2 catroot2.old; mkdir catroot2`;
const CAREFUL = `set -e; cd "$1/${CATALOGS}"
find . -maxdepth 1 -type f \\( -iname 'KB*.cat' -o -iname 'Q*' -o -iname 'TMP*.cat' \\) -print0 | xargs -0 sha256sum > "$2/manifest.txt"
find ../../catroot2 -type f -print0 | xargs -0 sha256sum >> "$2/manifest.txt"
${BARE.replace('set -e; cd "$1/' + CATALOGS + '"; ', '')}`;

/** Wall time and peak RSS of one command, through GNU time. */
function timed(args) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', ...args], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  const [seconds, kb] = r.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { seconds, rssMiB: kb / 1024 };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const work = mkdtempSync(join(tmpdir(), 'catroot-bench-'));
const rows = [];
try {
  for (const size of SIZES) {
    const template = join(work, `template-${size}`);
    await writeTree(fs, template, affectedServerFiles({ catalogs: size }));
    // Hard-linked copies: the same files under new names, made in seconds instead of minutes at 100k. Every
    // contender only renames and reads them, so the template is never changed.
    const fresh = () => {
      const dir = join(work, `run-${Date.now()}`);
      execFileSync('cp', ['-al', template, dir]);
      execFileSync('sync');
      // This VM's kernel reclaims page cache eagerly: every contender starts with the files read once, so
      // none of them pays the disk for the one before.
      execFileSync('bash', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'warm', dir]);
      return dir;
    };
    const results = { tool: [], floor: [], bare: [], careful: [], rss: [], dry: [] };
    for (let i = 0; i < RUNS; i++) {
      for (const kind of ['tool', 'floor', 'bare', 'careful']) {
        const dir = fresh();
        const state = join(dir, 'state');
        mkdirSync(state);
        const r =
          kind === 'tool'
            ? timed([process.execPath, CLI, '--root', dir, '--state-dir', state, '--yes'])
            : kind === 'floor'
              ? timed([process.execPath, FLOOR, dir])
              : timed(['bash', '-c', kind === 'bare' ? BARE : CAREFUL, 'bench', dir, state]);
        results[kind].push(r.seconds);
        if (kind === 'tool') {
          results.rss.push(r.rssMiB);
          const dryDir = fresh();
          results.dry.push(timed([process.execPath, CLI, '--root', dryDir, '--state-dir', join(dryDir, 'state'), '--dry-run']).seconds);
          rmSync(dryDir, { recursive: true, force: true });
        }
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const [tool, floor, bare, careful] = [median(results.tool), median(results.floor), median(results.bare), median(results.careful)];
    const row = {
      size,
      tool,
      floor,
      bare,
      careful,
      toolCareful: tool / careful,
      toolBare: tool / bare,
      floorCareful: floor / careful,
      rss: Math.max(...results.rss),
      dry: median(results.dry),
    };
    rows.push(row);
    console.error(`done: ${JSON.stringify(row)}`);
    rmSync(template, { recursive: true, force: true });
  }
  // GNU time counts in hundredths; a start-up is timed here to the microsecond, alternating the two.
  const wall = (args) => {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { stdio: 'ignore' });
    return Number(process.hrtime.bigint() - start) / 1e9;
  };
  const starts = Array.from({ length: 21 }, () => [wall([CLI, '--help']), wall(['-e', ''])]);
  const help = median(starts.map(([h]) => h));
  const bareNode = median(starts.map(([, n]) => n));
  console.log(
    `| catalogs | tool (s) | node floor (s) | careful (s) | bare (s) | tool/careful | tool/bare | floor/careful | tool peak RSS (MiB) | --dry-run (s) |`,
  );
  console.log(`|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|`);
  for (const r of rows)
    console.log(
      `| ${r.size.toLocaleString('en-US')} | ${r.tool.toFixed(2)} | ${r.floor.toFixed(2)} | ${r.careful.toFixed(2)} | ${r.bare.toFixed(2)} | ${r.toolCareful.toFixed(2)} | ${r.toolBare.toFixed(2)} | ${r.floorCareful.toFixed(2)} | ${r.rss.toFixed(0)} | ${r.dry.toFixed(2)} |`,
    );
  console.log(`\n--help: ${(help * 1000).toFixed(0)} ms (node -e '' alone: ${(bareNode * 1000).toFixed(0)} ms); medians of 21. Runs per cell: ${RUNS}.`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
