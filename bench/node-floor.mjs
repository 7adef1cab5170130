#!/usr/bin/env node
// The "node floor" contender of npm run bench: what any Node tool giving the tool's proof must do, and
// nothing else. It hashes every file it moves (on a worker thread, one group ahead), moves them with the
// same no-clobber lstat, copies KB912354 back, renames catroot2, then hashes the moved files again and
// compares. No diagnosis, plan, lock, journal, fsync or manifest file: the distance from this to the tool
// is the cost of the tool's safety work, and from the careful script to this, the cost of Node itself.
// Usage: node bench/node-floor.mjs ROOT
import fs from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

const CATROOT = join(process.argv[2], 'WINDOWS/system32/CatRoot');
const SOURCE = join(CATROOT, '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}');
const BACKUP = join(CATROOT, 'backup');
const CATROOT2 = join(process.argv[2], 'WINDOWS/system32/catroot2');
const GROUP = 512;

const worker = new Worker(
  `const { parentPort } = require('node:worker_threads');
const fs = require('node:fs');
const crypto = require('node:crypto');
const buffer = Buffer.allocUnsafe(256 * 1024);
const { O_RDONLY, O_NOFOLLOW } = fs.constants;
const hash = (path) => {
  const fd = fs.openSync(path, O_RDONLY | O_NOFOLLOW);
  try {
    const h = crypto.createHash('sha256');
    for (let n; (n = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0; ) h.update(buffer.subarray(0, n));
    return h.digest('hex');
  } finally {
    fs.closeSync(fd);
  }
};
parentPort.on('message', ({ id, paths }) => parentPort.postMessage({ id, hashes: paths.map(hash) }));`,
  { eval: true },
);
const waiting = new Map();
worker.on('message', ({ id, hashes }) => (waiting.get(id)(hashes), waiting.delete(id)));
let nextId = 0;
const hashes = (paths) => new Promise((resolve) => (waiting.set(nextId, resolve), worker.postMessage({ id: nextId++, paths })));

const names = fs
  .readdirSync(SOURCE, { withFileTypes: true })
  .filter((e) => e.isFile() && /^(kb.*\.cat|q.*|tmp.*\.cat)$/i.test(e.name))
  .map((e) => e.name);
const groups = Array.from({ length: Math.ceil(names.length / GROUP) }, (_, g) => names.slice(g * GROUP, (g + 1) * GROUP));
const renamedFolder = hashes(
  fs
    .readdirSync(CATROOT2, { recursive: true })
    .map((p) => join(CATROOT2, p))
    .filter((p) => fs.lstatSync(p).isFile()),
);
fs.mkdirSync(BACKUP);
const checks = [];
let ahead = groups.length ? hashes(groups[0].map((n) => join(SOURCE, n))) : undefined;
for (let g = 0; g < groups.length; g++) {
  const before = await ahead;
  ahead = g + 1 < groups.length ? hashes(groups[g + 1].map((n) => join(SOURCE, n))) : undefined;
  for (const name of groups[g]) {
    if (fs.lstatSync(join(BACKUP, name), { throwIfNoEntry: false })) throw new Error(`${name} exists in backup`);
    fs.renameSync(join(SOURCE, name), join(BACKUP, name));
  }
  const after = hashes(groups[g].map((n) => join(BACKUP, n)));
  checks.push(
    after.then((h) =>
      h.forEach((x, k) => {
        if (x !== before[k]) throw new Error(`${groups[g][k]} changed`);
      }),
    ),
  );
}
const kb912354 = names.find((n) => n.toLowerCase() === 'kb912354.cat');
if (kb912354) fs.copyFileSync(join(BACKUP, kb912354), join(SOURCE, kb912354), fs.constants.COPYFILE_EXCL);
await renamedFolder;
if (fs.existsSync(`${CATROOT2}.old`)) throw new Error('catroot2.old exists');
fs.renameSync(CATROOT2, `${CATROOT2}.old`);
fs.mkdirSync(CATROOT2);
await Promise.all(checks);
await worker.terminate();
