import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, CLI } from '../helpers/cli.js';

// The durability order of docs/design.md, checked on the system calls of the built CLI on a real disk:
// strace -f -y logs every open, write, fsync, rename, mkdir and unlink, with the path behind each fd.
const CALLS = 'openat,fsync,rename,renameat,renameat2,mkdir,mkdirat,unlink,unlinkat,rmdir,write';

/** Every path under `dir` now: opening one of them with O_CREAT changes no name. */
async function pathsUnder(dir: string): Promise<Set<string>> {
  return new Set((await readdir(dir, { recursive: true })).map((p) => join(dir, p)));
}

async function traced(args: string[], out: string): Promise<string[]> {
  const r = await execa('strace', ['-f', '-y', '-s', '160', '-e', `trace=${CALLS}`, '-o', out, process.execPath, CLI, ...args], {
    reject: false,
    env: { NO_COLOR: '1' },
    stdin: 'ignore',
  });
  expect(r.exitCode, `${r.stderr}\n(this test needs strace)`).toBe(0);
  // A call another thread interrupted is logged in two pieces; it happened when it returned.
  const started = new Map<string, string>();
  const lines: string[] = [];
  for (const line of (await readFile(out, 'utf8')).split('\n')) {
    const pid = line.split(/\s+/)[0] ?? '';
    if (line.endsWith('<unfinished ...>')) started.set(pid, line.slice(0, -'<unfinished ...>'.length));
    else if (/<\.\.\. \w+ resumed>/.test(line)) lines.push((started.get(pid) ?? '') + line.replace(/^\d+\s+<\.\.\. \w+ resumed>/, ''));
    else lines.push(line);
  }
  return lines;
}

const quoted = (args: string) => [...args.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1] as string);

/**
 * Walks the calls in order: (1) a change of names in the tree happens only with the journal fsynced and
 * every name in the state folder durable; (2) a `done`/`undo-done` record is written only once every folder
 * whose names changed since has been fsynced; (3) a file this run wrote is fsynced before it is renamed.
 */
function checkOrder(lines: string[], root: string, existing: ReadonlySet<string>) {
  const dirty = new Set<string>();
  const unsynced = new Set<string>();
  let journalDirty = false;
  const seen = { changes: 0, done: 0, dirSyncs: 0 };
  // The locks (the state folder's, and the Windows folder's with its temporary holders) belong to the
  // living process, not to the repair: a power loss ends the process, and a lock it left is judged stale.
  const isLock = (path: string) => /\/(lock|catroot-repair\.lock)(\.[^/]*\.tmp(\.stale)?)?$/.test(path);
  const changed = (path: string) => isLock(path) || dirty.add(dirname(path));
  const treeChange = (path: string, what: string) => {
    if (!path.startsWith(`${root}/`) || isLock(path)) return;
    seen.changes++;
    expect(journalDirty, `${what}: the journal record announcing it is not fsynced`).toBe(false);
    expect(
      [...dirty].filter((d) => !d.startsWith(`${root}/`)),
      `${what}: names in the state folder not durable yet`,
    ).toEqual([]);
  };
  for (const line of lines) {
    const call = /^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)/.exec(line);
    if (!call || Number(call[3]) < 0) continue;
    const [, name = '', args = ''] = call;
    const fdPath = /^-?\d+<([^>]*)>/.exec(args)?.[1] ?? '';
    const paths = quoted(args);
    if (name === 'write' && fdPath.endsWith('/journal.jsonl')) {
      const type = /\\"type\\":\\"([\w-]+)\\"/.exec(args)?.[1];
      if (type === 'done' || type === 'undo-done') {
        seen.done++;
        expect([...dirty], `${type} written before these folders were fsynced`).toEqual([]);
      }
      journalDirty = true;
    } else if (name === 'fsync') {
      if (fdPath.endsWith('/journal.jsonl')) journalDirty = false;
      if (dirty.delete(fdPath)) seen.dirSyncs++;
      unsynced.delete(fdPath);
    } else if (name === 'openat' && args.includes('O_CREAT') && !existing.has(paths[0] as string)) {
      const path = paths[0] as string;
      treeChange(path, `create ${path}`);
      changed(path);
      unsynced.add(path);
    } else if (name.startsWith('rename')) {
      const [from, to] = paths as [string, string];
      expect(unsynced.has(from), `${from} renamed before its bytes were fsynced`).toBe(false);
      treeChange(from, `rename ${from}`);
      changed(from);
      changed(to);
    } else if (['mkdir', 'mkdirat', 'unlink', 'unlinkat', 'rmdir'].includes(name)) {
      const path = paths[0] as string;
      treeChange(path, `${name} ${path}`);
      changed(path);
    }
  }
  return seen;
}

describe('the order of system calls on a real disk', () => {
  it('repair, then rollback: intent fsynced before its changes, folders fsynced before done, copies fsynced before their rename', async () => {
    const t = await affectedTree({ catalogs: 600 });
    let existing = await pathsUnder(t.dir);
    const repair = checkOrder(await traced(['--root', t.root, '--state-dir', t.state, '--yes'], join(t.dir, 'repair.trace')), t.root, existing);
    existing = await pathsUnder(t.dir);
    const rollback = checkOrder(
      await traced(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes'], join(t.dir, 'rollback.trace')),
      t.root,
      existing,
    );
    // Not vacuous: 602 moves in two groups, the backup folder, the copy, catroot2 and its new folder.
    expect(repair.changes).toBeGreaterThan(600);
    expect(repair.done).toBeGreaterThanOrEqual(7);
    expect(rollback.done).toBeGreaterThanOrEqual(7);
    expect(repair.dirSyncs + rollback.dirSyncs).toBeGreaterThan(10);
  });
});
