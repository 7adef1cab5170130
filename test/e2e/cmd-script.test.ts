import { existsSync, promises as nodeFs } from 'node:fs';
import { readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cmdScript } from '../../src/cmd-script/catroot-repair-cmd.js';
import { VERSION } from '../../src/cli/options.js';
import { affectedServerFiles, catalogBytes, writeTree } from '../../src/demo/affected-server.js';
import { realFs } from '../../src/platform/real-fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { cli, tempDir } from '../helpers/cli.js';
import { snapshot } from '../helpers/tree.js';
import { hasWine, winePrefix, type WinePrefix } from '../helpers/wine.js';

describe('catroot-repair script', () => {
  it('writes catroot-repair.cmd, never over an existing file, or prints it with --out -', async () => {
    const dir = await tempDir();
    const written = await cli(['script'], {}, dir);
    expect(written.code, written.stderr).toBe(0);
    const path = join(dir, 'catroot-repair.cmd');
    expect(await readFile(path, 'utf8')).toBe(cmdScript(VERSION));
    await writeFile(path, 'an admin edited this');
    const again = await cli(['script', '--out', path]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already exists; it was not overwritten/);
    expect(await readFile(path, 'utf8')).toBe('an admin edited this');
    const printed = await cli(['script', '--out', '-']);
    // execa drops the last line end.
    expect(`${printed.stdout}\r\n`).toBe(cmdScript(VERSION));
  });

  it.each([
    ['a folder that does not exist', (dir: string) => join(dir, 'missing', 'x.cmd'), /its folder does not exist/],
    ['a file where a folder should be', (dir: string) => join(dir, 'file', 'x.cmd'), /its folder does not exist/],
    ['an existing folder', (dir: string) => dir, /already exists; it was not overwritten/],
  ])('--out into %s: exit 2 with a clear message, nothing written', async (_name, out, message) => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const r = await cli(['script', '--out', out(dir)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect((await readdir(dir)).sort()).toEqual(['file']);
  });
});

const CATALOGS = `WINDOWS/system32/CatRoot/${CATALOG_FOLDER}`;
/** Odd names an admin's server has, a pre-existing backup holding a same-named file, a catroot2.old. */
const ODD = ['KB a&b (1).cat', 'KB 5.cat', 'kb7.CAT', 'q9.Txt', 'TmP3.cat', 'KB8.cat.bak', 'KB0.cat'];
function serverFiles(catalogs: number, svcpack?: string) {
  const files = affectedServerFiles({ catalogs, extra: Object.fromEntries(ODD.map((n) => [`${CATALOGS}/${n}`, n === 'KB0.cat' ? Buffer.alloc(0) : catalogBytes(n)])) });
  files['WINDOWS/system32/CatRoot/backup/KB820000.cat'] = 'from an earlier manual attempt';
  files['WINDOWS/system32/catroot2.old/edb.log'] = 'an older catroot2';
  if (svcpack !== undefined) files['WINDOWS/svcpack.log'] = svcpack;
  if (svcpack !== undefined) files['WINDOWS/setupapi.log'] = svcpack;
  return Object.fromEntries(Object.entries(files).filter(([rel]) => !rel.endsWith('.exe')));
}

describe.runIf(hasWine)('catroot-repair.cmd under Wine (cmd.exe)', () => {
  let box: WinePrefix;
  let n = 0;
  beforeAll(async () => {
    box = await winePrefix('cmd');
  }, 120_000);
  afterAll(async () => {
    await box?.close();
  });

  /** A server volume under C:\srvN with the script beside it; its state folder is left out of snapshots. */
  async function server(files: Record<string, Buffer | string>) {
    const rel = `srv${++n}`;
    const root = join(box.prefix, 'drive_c', rel);
    await writeTree(nodeFs, root, files);
    await writeFile(join(root, 'catroot-repair.cmd'), cmdScript(VERSION));
    const run = (args: string[], options?: Parameters<WinePrefix['wine']>[1]) =>
      box.wine(['cmd', '/c', `C:\\${rel}\\catroot-repair.cmd`, ...args, '/windir', `C:\\${rel}\\WINDOWS`], options);
    const snap = async () => Object.fromEntries(Object.entries(await snapshot(realFs(), join(root, 'WINDOWS'))).filter(([k]) => k.split('/')[0] !== 'catroot-repair-cmd'));
    return { root, run, snap, state: join(root, 'WINDOWS', 'catroot-repair-cmd') };
  }

  it('dry run lists every move and changes nothing; the repair ends where the Node tool ends; a second run changes nothing; /rollback restores byte for byte', async () => {
    const files = serverFiles(60);
    const s = await server(files);
    const original = await s.snap();
    const dry = await s.run(['/dryrun']);
    expect(dry.code, dry.stdout).toBe(0);
    expect(await s.snap()).toEqual(original);
    expect(existsSync(s.state)).toBe(false);

    // The Node tool, offline, on an identical volume: the reference end state.
    const reference = join(await tempDir(), 'volume');
    await writeTree(nodeFs, reference, files);
    const tool = await cli(['--root', reference, '--state-dir', join(reference, '..', 'state'), '--yes']);
    expect(tool.code, tool.stderr).toBe(0);
    const expected = await snapshot(realFs(), join(reference, 'WINDOWS'));
    const moved = Object.keys(expected).filter((k) => k.startsWith('system32/CatRoot/backup-2/')).map((k) => k.split('/').pop());
    expect(moved).toEqual(expect.arrayContaining(['KB a&b (1).cat', 'KB 5.cat', 'kb7.CAT', 'q9.Txt', 'TmP3.cat', 'KB0.cat', 'KB912354.CAT']));
    const listed = dry.stdout.split(/\r?\n/).filter((l) => l.startsWith('  move ')).map((l) => l.split('\\').pop());
    expect(listed.sort()).toEqual([...moved].sort());

    const repaired = await s.run(['/yes']);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(await s.snap()).toEqual(expected);

    const again = await s.run(['/yes']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/already done/);
    expect(await s.snap()).toEqual(expected);

    const back = await s.run(['/rollback', '/yes']);
    expect(back.code, back.stdout).toBe(0);
    expect(await s.snap()).toEqual(original);
    expect(await readdir(s.state)).toEqual(['journal-undone.txt']);
    const none = await s.run(['/rollback', '/yes']);
    expect(none.code).toBe(11);
  }, 300_000);

  it('refuses without the 0xfffffbfe signature (exit 10, nothing changed); /force repairs', async () => {
    const s = await server(serverFiles(5, 'Service Pack 2 installed without errors.\r\n'));
    const original = await s.snap();
    const refused = await s.run(['/yes']);
    expect(refused.code).toBe(10);
    expect(refused.stdout).toMatch(/different problem/);
    expect(await s.snap()).toEqual(original);
    const forced = await s.run(['/yes', '/force']);
    expect(forced.code, forced.stdout).toBe(0);
    expect(Object.keys(await s.snap()).some((k) => k.startsWith('system32/CatRoot/backup-2/'))).toBe(true);
  }, 300_000);

  it('a name the console cannot spell (dir shows it with ?, a wildcard to cmd): refused before anything changes, exit 2, in the dry run too', async () => {
    const files = serverFiles(10);
    files[`${CATALOGS}/KB名前.cat`] = catalogBytes('KB名前.cat');
    const s = await server(files);
    const original = await s.snap();
    for (const args of [['/dryrun'], ['/yes']]) {
      const refused = await s.run(args);
      expect(refused.code, refused.stdout).toBe(2);
      expect(refused.stdout).toMatch(/cannot name: "KB\?\?\.cat"/);
      expect(refused.stdout).toMatch(/Nothing was changed/);
      expect(await s.snap()).toEqual(original);
      expect(existsSync(s.state)).toBe(false);
    }
  }, 300_000);

  it('killed in the middle of the moves: the lock stops the next run (1618); removed, the run resumes and finishes; /rollback restores byte for byte', async () => {
    const s = await server(serverFiles(300));
    const original = await s.snap();
    const journal = join(s.state, 'journal.txt');
    let pid: number | undefined;
    const killed = s.run(['/yes'], { onStart: (p) => (pid = p) });
    const until = Date.now() + 120_000;
    const movedSoFar = async () => (existsSync(journal) ? (await readFile(journal, 'utf8')).split('\n').filter((l) => l.startsWith('moved|')).length : 0);
    while ((await movedSoFar()) < 40 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    process.kill(pid as number, 'SIGKILL');
    expect((await killed).signal).toBe('SIGKILL');
    const afterKill = await s.snap();
    expect(Object.keys(afterKill).filter((k) => k.startsWith('system32/CatRoot/backup-2/')).length).toBeLessThan(300);
    // Every original file is still there exactly once, in the catalog folder or in the backup.
    for (const [path, digest] of Object.entries(original)) {
      const name = path.split('/').pop() as string;
      const places = [path, `system32/CatRoot/backup-2/${name}`].filter((p) => afterKill[p] === digest);
      expect(places.length, path).toBe(1);
    }

    const blocked = await s.run(['/yes']);
    expect(blocked.code).toBe(1618 % 256);
    expect(blocked.stdout).toMatch(/Another catroot-repair run holds/);
    await rmdir(join(s.state, 'lock'));
    const resumed = await s.run(['/yes']);
    expect(resumed.code, resumed.stdout).toBe(0);
    expect(resumed.stdout).toMatch(/Resuming/);
    const after = await s.snap();
    expect(Object.keys(after).filter((k) => k.startsWith(`system32/CatRoot/${CATALOG_FOLDER}/`)).map((k) => k.split('/').pop()).sort()).toEqual(
      ['KB8.cat.bak', 'KB912354.CAT', 'ie.cat', 'nt5.cat', 'nt5inf.cat', 'oem1.CAT', 'oem14.CAT', 'oem7.CAT', 'tmp1234.tmp', 'wmp.cat'].sort(),
    );
    const back = await s.run(['/rollback', '/yes']);
    expect(back.code, back.stdout).toBe(0);
    expect(await s.snap()).toEqual(original);
  }, 300_000);
});
