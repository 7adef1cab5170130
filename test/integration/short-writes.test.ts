import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/run.js';
import type { CliIo } from '../../src/cli/io.js';
import { decodeJournal } from '../../src/engine/journal/codec.js';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { realFs } from '../../src/platform/real-fs.js';
import { affectedTree, tempDir } from '../helpers/cli.js';
import { expectEveryFileOnce } from '../helpers/invariants.js';
import { atMost, fillsDuring, shortWriting, type Take } from '../helpers/short-writes.js';

// The real disk, with each writeSync call shortened as `disk.take` says (fd -> path through openSync).
const disk = vi.hoisted(() => ({ take: undefined as ((path: string, chunk: Buffer) => number) | undefined, paths: new Map<number, string>() }));
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const openSync = (path: string, ...rest: any[]) => {
    const fd = (fs.openSync as any)(path, ...rest) as number;
    disk.paths.set(fd, String(path));
    return fd;
  };
  const writeSync = (fd: number, data: string | NodeJS.ArrayBufferView, offset?: any, length?: any, position?: any) => {
    if (!disk.take) return (fs.writeSync as any)(fd, data, offset, length, position);
    const buffer = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const from = typeof data === 'string' || typeof offset !== 'number' ? 0 : offset;
    const asked = typeof data === 'string' || typeof length !== 'number' ? buffer.length - from : length;
    const n = Math.min(asked, disk.take(disk.paths.get(fd) ?? '', buffer.subarray(from, from + asked)));
    return n > 0 ? fs.writeSync(fd, buffer, from, n) : 0;
  };
  return { ...fs, default: { ...fs, openSync, writeSync }, openSync, writeSync };
});

function quietIo(): CliIo & { text: () => string } {
  const all: string[] = [];
  const stream = () => new PassThrough().on('data', (c) => all.push(String(c)));
  return {
    stdout: stream(),
    stderr: stream(),
    stdinIsTty: false,
    stderrIsTty: false,
    env: { NO_COLOR: '1' },
    platform: 'linux',
    invokedAs: 'catroot-repair',
    text: () => all.join(''),
  };
}

const journal = (text: RegExp) => (path: string, chunk: string) => path.endsWith('journal.jsonl') && text.test(chunk);
const BACKUP = join('WINDOWS', 'system32', 'CatRoot', 'backup');

describe('the real disk takes fewer bytes than asked (writeSync returns a short count)', () => {
  it.each([
    ['7 bytes per call (a slow share), never full', atMost(7), 0],
    ['the disk fills in the first intent of a group of moves; then 0 bytes', fillsDuring(journal(/"type":"intent"/), 3), 1603],
    ["the disk fills in the second group's manifest; then 0 bytes", fillsDuring((path) => path.includes('manifest.d'), 2), 1603],
    ['the disk fills in the second intent of a group of moves; then ENOSPC', fillsDuring(journal(/"type":"intent"/), 4, 'throws ENOSPC'), 1603],
  ] as Array<[string, Take, number]>)('%s: no move without a whole intent; rollback restores every byte and says so only then', async (_name, take, exit) => {
    const t = await affectedTree({ catalogs: 700 });
    const original = await t.snap();
    const io = quietIo();
    disk.take = take;
    const code = await run(['--root', t.root, '--state-dir', t.state, '--yes'], io).finally(() => (disk.take = undefined));
    expect(code, io.text()).toBe(exit);
    if (exit !== 0) expect(io.text()).toMatch(/ENOSPC/);
    const now = await t.snap();
    expectEveryFileOnce(original, now);
    // Every catalog that moved is covered by an intent record that reads back whole.
    const [runId] = await realFs().readdir(join(t.state, 'runs'));
    const records = decodeJournal((await realFs().readFile(join(t.state, 'runs', runId?.name ?? '', 'journal.jsonl'))).toString('utf8'));
    const covered = records.reduce((n, r) => n + (r.type === 'intent' ? r.to - r.from : 0), 0);
    expect(Object.keys(now).filter((p) => p.startsWith(`${BACKUP}/`)).length).toBeLessThanOrEqual(covered);
    // Space again: the rollback undoes everything, and only then reports success.
    const undo = quietIo();
    expect(await run(['--rollback', '--root', t.root, '--state-dir', t.state, '--yes'], undo), undo.text()).toBe(0);
    expect(undo.text()).toMatch(
      /Rolled back run \S+: every file and folder it changed is as it was before it( \(\S+ file\(s\) checked against the manifest\))?\./,
    );
    expect(await t.snap()).toEqual(original);
  });
});

describe('createFile on a disk that takes fewer bytes than asked', () => {
  const TEXT = `${'{"path":"WINDOWS/system32/CatRoot/KB\u00e9.cat","size":1024}\n'.repeat(300)}`;
  const everyWrite = () => true;
  // The real Fs through the shortened writeSync; the promise-based one through shortened FileHandle writes.
  const kinds = [
    ['the real Fs', (take: Take) => ((disk.take = take), realFs())],
    ['the promise-based Fs', (take: Take) => fsFromModule(shortWriting(fsPromises, take))],
  ] as const;
  it.each(
    kinds.flatMap(
      ([kind, make]) =>
        [
          [kind, '5 bytes per call', make, atMost(5), true],
          [kind, 'full halfway, then 0 bytes', make, fillsDuring(everyWrite), false],
          [kind, 'full halfway, then ENOSPC', make, fillsDuring(everyWrite, 1, 'throws ENOSPC'), false],
        ] as const,
    ),
  )('%s, %s: the whole file, or ENOSPC and no file', async (_kind, _name, make, take, whole) => {
    const path = join(await tempDir(), 'manifest.d-000000012.jsonl');
    const fs = make(take);
    const written = await fs
      .createFile(path, TEXT)
      .finally(() => (disk.take = undefined))
      .then(
        () => true,
        (e: unknown) => e,
      );
    if (whole) {
      expect(written).toBe(true);
      expect((await fsPromises.readFile(path)).toString('utf8')).toBe(TEXT);
    } else {
      expect(written).toMatchObject({ code: 'ENOSPC' });
      expect(await realFs().lstat(path)).toBeUndefined();
    }
  });

  it('script: a full disk gives exit 2 and leaves no catroot-repair.cmd cut short', async () => {
    const out = join(await tempDir(), 'catroot-repair.cmd');
    const io = quietIo();
    disk.take = fillsDuring((path) => path === out);
    const code = await run(['script', '--out', out], io).finally(() => (disk.take = undefined));
    expect(code, io.text()).toBe(2);
    expect(io.text()).toMatch(/disk is full/);
    expect(io.text()).not.toMatch(/Wrote/);
    expect(await realFs().lstat(out)).toBeUndefined();
  });
});
