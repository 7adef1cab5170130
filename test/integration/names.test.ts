import { createHash } from 'node:crypto';
import * as fsPromises from 'node:fs/promises';
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { realFs } from '../../src/platform/real-fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { affectedTree, cli, tempDir } from '../helpers/cli.js';

// Linux allows any bytes but / and NUL in a name. Names here are Buffers: a string could not hold them.
const bytes = (dir: string, ...parts: Array<string | number[]>) =>
  Buffer.concat([Buffer.from(`${dir}/`), ...parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p)))]);

/** Every file and folder under dir by its raw bytes (hex): a snapshot no lossy decoding can blur. */
function rawTree(dir: Buffer, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { encoding: 'buffer' })) {
    const path = Buffer.concat([dir, Buffer.from('/'), name]);
    const key = `${prefix}/${name.toString('hex')}`;
    if (lstatSync(path).isDirectory()) Object.assign(out, { [key]: 'dir' }, rawTree(path, key));
    else out[key] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return out;
}

describe('names that are not valid UTF-8', () => {
  it('are listed one entry each, marked with their bytes, by both Fs implementations', async () => {
    const dir = await tempDir();
    writeFileSync(bytes(dir, 'KB', [0xff], '.cat'), 'a');
    writeFileSync(bytes(dir, 'KB', [0xfe], '.cat'), 'b');
    writeFileSync(join(dir, 'KB\ufffd.cat'), 'c');
    const expected = [
      { name: 'KB\ufffd.cat', kind: 'file' },
      { name: 'KB\ufffd.cat', kind: 'file', undecodable: 'KB\\xfe.cat' },
      { name: 'KB\ufffd.cat', kind: 'file', undecodable: 'KB\\xff.cat' },
    ];
    const order = (a: { undecodable?: string }, b: { undecodable?: string }) => (a.undecodable ?? '').localeCompare(b.undecodable ?? '');
    expect((await realFs().readdir(dir)).sort(order)).toEqual(expected);
    expect((await fsFromModule(fsPromises).readdir(dir)).sort(order)).toEqual(expected);
  });

  const catalogs = (root: string) => join(root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
  const catroot2 = (root: string) => join(root, 'WINDOWS', 'system32', 'catroot2');
  const write = (...paths: Buffer[]) => paths.forEach((path, i) => writeFileSync(path, `odd ${i}`));
  it.each([
    [
      'two catalogs that differ only in invalid bytes',
      (root: string) => write(bytes(catalogs(root), 'KB', [0xff], '.cat'), bytes(catalogs(root), 'KB', [0xfe], '.cat')),
      ['KB\\xff.cat', 'KB\\xfe.cat'],
    ],
    [
      'a catalog and the valid name it decodes to',
      (root: string) => write(bytes(catalogs(root), 'KB', [0xc3, 0x28], '.cat'), Buffer.from(join(catalogs(root), 'KB\ufffd(.cat'))),
      ['KB\\xc3(.cat'],
    ],
    ['a non-catalog name in the catalog folder', (root: string) => write(bytes(catalogs(root), [0x80], 'oem.cat')), ['\\x80oem.cat']],
    [
      'files in catroot2, which is set aside whole',
      (root: string) => {
        mkdirSync(join(catroot2(root), 'sub'), { recursive: true });
        write(bytes(catroot2(root), 'edb', [0xff], '.log'), bytes(catroot2(root), 'sub/', [0xe9], 't\u00e9.chk'));
      },
      ['edb\\xff.log', 'sub/\\xe9t\u00e9.chk'],
    ],
  ])('%s: the run and the dry run refuse with the list (exit 2), nothing is moved', async (_name, plant, shown) => {
    const t = await affectedTree({ catalogs: 30 });
    plant(t.root);
    const before = rawTree(Buffer.from(t.dir));
    for (const args of [['--dry-run'], ['--yes']]) {
      const r = await cli(['--root', t.root, '--state-dir', t.state, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(/Windows cannot have/);
      for (const name of shown) expect(r.stderr).toContain(name);
      expect(r.stderr).toMatch(/Nothing was changed/);
    }
    // The state folder and its lock come and go; nothing else appears or moves.
    const after = Object.fromEntries(Object.entries(rawTree(Buffer.from(t.dir))).filter(([k]) => !k.startsWith(`/${Buffer.from('state').toString('hex')}`)));
    expect(after).toEqual(before);
  });
});

describe('names with a backslash or a control character (ordinary characters on Linux)', () => {
  it('the run and the dry run refuse with the first 20 and a count (exit 2); nothing is moved; other odd names do not stop a run', async () => {
    const t = await affectedTree({ catalogs: 30 });
    const dir = join(t.root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
    const odd = [...Array.from({ length: 24 }, (_, i) => `KB\\..\\..\\${i}.cat`), 'Q\\x', 'TMP\t.cat'];
    for (const name of odd) writeFileSync(join(dir, name), name);
    const before = rawTree(Buffer.from(t.dir));
    for (const args of [['--dry-run'], ['--yes']]) {
      const r = await cli(['--root', t.root, '--state-dir', t.state, ...args]);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toContain('26 name(s) that Windows cannot have');
      expect(r.stderr.split('\n').filter((line) => line.startsWith(`  ${dir}/`))).toHaveLength(20);
      expect(r.stderr).toContain('... and 6 more');
    }
    const after = Object.fromEntries(Object.entries(rawTree(Buffer.from(t.dir))).filter(([k]) => !k.startsWith(`/${Buffer.from('state').toString('hex')}`)));
    expect(after).toEqual(before);

    // Names the plan does not touch stay where they are and do not stop the run.
    for (const name of odd) renameSync(join(dir, name), join(dir, `zz-${name}`));
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(dir).filter((n) => n.startsWith('zz-'))).toHaveLength(odd.length);
    expect((await cli(['--root', t.root, '--state-dir', t.state, '--rollback', '--yes'])).code).toBe(0);
  });

  it('a newline, a carriage return or an escape in a catalog name: planned like any KB*.cat, refused (exit 2), and shown as \\xNN, never raw', async () => {
    const t = await affectedTree({ catalogs: 10 });
    const dir = join(t.root, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);
    for (const name of ['KB5\n.cat', 'KB7\r.cat', 'KB8\u001b[31mRED.cat']) writeFileSync(join(dir, name), 'x');
    const before = rawTree(Buffer.from(t.dir));
    const r = await cli(['--root', t.root, '--state-dir', t.state, '--yes']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('3 name(s) that Windows cannot have');
    for (const escaped of ['KB5\\x0a.cat', 'KB7\\x0d.cat', 'KB8\\x1b[31mRED.cat'])
      expect(r.stderr).toContain(`${dir}/${escaped}: a control character in a name`);
    for (const raw of ['\u001b', '\r']) expect(r.stderr).not.toContain(raw);
    const after = Object.fromEntries(Object.entries(rawTree(Buffer.from(t.dir))).filter(([k]) => !k.startsWith(`/${Buffer.from('state').toString('hex')}`)));
    expect(after).toEqual(before);
  });
});
