#!/usr/bin/env node
// npm run bench, second part: wu-reset sets aside a SoftwareDistribution\Download of 800 MB in 2,000 files
// (proof by listing: names, sizes, modification times) against sha256sum over the same folder, the least a
// hashing proof costs. Target (issue 14): the whole offline wu-reset run under a third of sha256sum.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTree } from '../dist/src/demo/affected-server.js';
import { windows10Files } from '../dist/src/demo/windows10-server.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const FILES = Number(process.env.BENCH_DOWNLOAD_FILES ?? 2000);
const BYTES = Number(process.env.BENCH_DOWNLOAD_BYTES ?? 400_000);
const CLI = join(import.meta.dirname, '..', 'dist', 'bin', 'catroot-repair.mjs');
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (file, args) => {
  const start = process.hrtime.bigint();
  const r = spawnSync(file, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${file} ${args.join(' ')} failed (${r.status}): ${r.stderr.slice(-500)}`);
  return Number(process.hrtime.bigint() - start) / 1e9;
};

const work = mkdtempSync(join(tmpdir(), 'catroot-bench-download-'));
try {
  const template = join(work, 'template');
  await writeTree(fs, template, windows10Files({ catalogs: 300, failure: 'datastore', downloads: { files: FILES, bytes: BYTES } }));
  const fresh = (n) => {
    const dir = join(work, `run-${n}`);
    execFileSync('cp', ['-al', template, dir]);
    // Both contenders start with the files in the page cache, as the bench's other contenders do.
    execFileSync('bash', ['-c', 'find "$1" -type f -exec cat {} + > /dev/null', 'warm', dir]);
    return dir;
  };
  const tool = [];
  const hash = [];
  for (let i = 0; i < RUNS; i++) {
    const dir = fresh(i);
    hash.push(
      seconds('bash', ['-c', 'find "$1" -type f -print0 | xargs -0 sha256sum > /dev/null', 'hash', join(dir, 'Windows/SoftwareDistribution/Download')]),
    );
    tool.push(seconds(process.execPath, [CLI, '--root', dir, '--state-dir', join(dir, 'state'), '--yes']));
    rmSync(dir, { recursive: true, force: true });
  }
  const [t, h] = [median(tool), median(hash)];
  const mb = (FILES * BYTES) / 1e6;
  console.log(`\n| Download set aside (wu-reset, offline) | tool, whole run (s) | sha256sum over Download (s) | tool/sha256sum |`);
  console.log(`|---|---:|---:|---:|`);
  console.log(`| ${FILES.toLocaleString('en-US')} files, ${mb.toFixed(0)} MB | ${t.toFixed(2)} | ${h.toFixed(2)} | ${(t / h).toFixed(3)} |`);
  console.log(`\nMedians of ${RUNS}; target: tool/sha256sum under a third (0.333).`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
