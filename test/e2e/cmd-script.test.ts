import { existsSync, promises as nodeFs, readFileSync } from 'node:fs';
import { mkdir, readdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CMD_TEMPLATE, cmdScript } from '../../src/cmd-script/catroot-repair-cmd.js';
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
  const files = affectedServerFiles({
    catalogs,
    extra: Object.fromEntries(ODD.map((n) => [`${CATALOGS}/${n}`, n === 'KB0.cat' ? Buffer.alloc(0) : catalogBytes(n)])),
  });
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
    const snap = async () =>
      Object.fromEntries(Object.entries(await snapshot(realFs(), join(root, 'WINDOWS'))).filter(([k]) => k.split('/')[0] !== 'catroot-repair-cmd'));
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
    const moved = Object.keys(expected)
      .filter((k) => k.startsWith('system32/CatRoot/backup-2/'))
      .map((k) => k.split('/').pop());
    expect(moved).toEqual(expect.arrayContaining(['KB a&b (1).cat', 'KB 5.cat', 'kb7.CAT', 'q9.Txt', 'TmP3.cat', 'KB0.cat', 'KB912354.CAT']));
    const listed = dry.stdout
      .split(/\r?\n/)
      .filter((l) => l.startsWith('  move '))
      .map((l) => l.split('\\').pop());
    expect(listed.sort()).toEqual([...moved].sort());

    const repaired = await s.run(['/yes']);
    expect(repaired.code, repaired.stdout).toBe(0);
    expect(await s.snap()).toEqual(expected);
    // The undo names this script where it was saved and the Windows folder it repaired, not %SystemRoot%.
    const folder = `C:\\${basename(s.root)}`.replace(/\\/g, '\\\\');
    expect(repaired.stdout).toMatch(new RegExp(`To undo: "${folder}\\\\catroot-repair\\.cmd" /rollback /windir "${folder}\\\\WINDOWS"`, 'i'));

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
    expect(
      Object.keys(after)
        .filter((k) => k.startsWith(`system32/CatRoot/${CATALOG_FOLDER}/`))
        .map((k) => k.split('/').pop())
        .sort(),
    ).toEqual(['KB8.cat.bak', 'KB912354.CAT', 'ie.cat', 'nt5.cat', 'nt5inf.cat', 'oem1.CAT', 'oem14.CAT', 'oem7.CAT', 'tmp1234.tmp', 'wmp.cat'].sort());
    const back = await s.run(['/rollback', '/yes']);
    expect(back.code, back.stdout).toBe(0);
    expect(await s.snap()).toEqual(original);
  }, 300_000);

  it('a question answered No, or not answered, exits 130 and changes nothing, in the repair and in /rollback; y goes on', async () => {
    const s = await server(serverFiles(5));
    const original = await s.snap();
    for (const input of ['n\r\n', 'no\r\n', '']) {
      const cancelled = await s.run([], { input });
      expect(cancelled.code, cancelled.stdout).toBe(130);
      expect(cancelled.stdout).toMatch(/Cancelled: nothing was changed/);
      expect(await s.snap()).toEqual(original);
      expect(existsSync(s.state)).toBe(false);
    }
    const repaired = await s.run([], { input: 'y\r\n' });
    expect(repaired.code, repaired.stdout).toBe(0);
    const after = await s.snap();
    const journal = await readFile(join(s.state, 'journal.txt'), 'utf8');
    const kept = await s.run(['/rollback'], { input: 'n\r\n' });
    expect(kept.code, kept.stdout).toBe(130);
    expect(kept.stdout).toMatch(/Cancelled: nothing was changed/);
    expect(await s.snap()).toEqual(after);
    expect(await readFile(join(s.state, 'journal.txt'), 'utf8')).toBe(journal);
    expect(await readdir(s.state)).toEqual(['journal.txt']);
  }, 300_000);

  /** The entries of a snapshot under `prefix/`, by their path below it. */
  const under = (snap: Record<string, string>, prefix: string) =>
    Object.fromEntries(Object.entries(snap).flatMap(([k, v]) => (k.startsWith(`${prefix}/`) ? [[k.slice(prefix.length + 1), v]] : [])));
  const without = (snap: Record<string, string>, prefix: string) =>
    Object.fromEntries(Object.entries(snap).filter(([k]) => k !== prefix && !k.startsWith(`${prefix}/`)));
  const ASIDE = 'system32/catroot2.created-by-repair-1';

  /** A repaired server whose new catroot2 Windows has written into since, as CryptSvc does once started. */
  async function refilled() {
    const s = await server(serverFiles(10));
    const original = await s.snap();
    const repaired = await s.run(['/yes']);
    expect(repaired.code, repaired.stdout).toBe(0);
    const catroot2 = join(s.root, 'WINDOWS', 'system32', 'catroot2');
    await writeTree(nodeFs, catroot2, { [`${CATALOG_FOLDER}/catdb`]: catalogBytes('new catdb', 8192), 'edb.log': catalogBytes('new edb.log'), 'tmp.edb': '' });
    const refill = await snapshot(realFs(), catroot2);
    const journal = join(s.state, 'journal.txt');
    return { s, original, refill, catroot2, journal };
  }

  it('/rollback after Windows refilled the new catroot2: that folder is set aside as catroot2.created-by-repair-1 with its files, nothing deleted, and catroot2 is back byte for byte', async () => {
    const { s, original, refill } = await refilled();
    const back = await s.run(['/rollback', '/yes']);
    expect(back.code, back.stdout).toBe(0);
    expect(back.stdout).toMatch(/set aside as .*\\catroot2\.created-by-repair-1\./);
    expect(back.stdout).toMatch(/Kept, nothing deleted: .*\\catroot2\.created-by-repair-1,/);
    const after = await s.snap();
    expect(without(after, ASIDE)).toEqual(original);
    expect(under(after, ASIDE)).toEqual(refill);
    expect(await readFile(join(s.state, 'journal-undone.txt'), 'utf8')).toMatch(/^set-aside\|catroot2\.created-by-repair-1\r$/m);
  }, 300_000);

  it.each([
    ['after the journal line, before catroot2 was set aside', ['setting-aside|catroot2.created-by-repair-1'], []],
    [
      'between the two renames',
      ['setting-aside|catroot2.created-by-repair-1', 'set-aside|catroot2.created-by-repair-1'],
      [['catroot2', 'catroot2.created-by-repair-1']],
    ],
    [
      'after catroot2.old went back',
      ['setting-aside|catroot2.created-by-repair-1', 'set-aside|catroot2.created-by-repair-1', 'restoring|catroot2'],
      [
        ['catroot2', 'catroot2.created-by-repair-1'],
        ['catroot2.old-2', 'catroot2'],
      ],
    ],
  ])(
    'a /rollback of a refilled catroot2 stopped %s: run again, it finishes; catroot2 back byte for byte, the refilled one kept',
    async (_name, lines, renames) => {
      const { s, original, refill, journal } = await refilled();
      // The rollback as a kill leaves it: its journal lines written, its renames done, CryptSvc stopped (Wine has none).
      await writeFile(journal, `${await readFile(journal, 'utf8')}undoing|Mon 01/07/2008 10:00\r\n${lines.map((l) => `${l}\r\n`).join('')}`);
      for (const [from, to] of renames)
        await nodeFs.rename(join(s.root, 'WINDOWS', 'system32', from as string), join(s.root, 'WINDOWS', 'system32', to as string));
      const back = await s.run(['/rollback', '/yes']);
      expect(back.code, back.stdout).toBe(0);
      expect(back.stdout).toMatch(/Kept, nothing deleted: .*\\catroot2\.created-by-repair-1,/);
      const after = await s.snap();
      expect(without(after, ASIDE)).toEqual(original);
      expect(under(after, ASIDE)).toEqual(refill);
    },
    300_000,
  );

  it('/rollback never sets aside a catroot2 the repair did not make (stopped after the rename, before it made one; Windows made it): exit 1603, both folders left as they are', async () => {
    const { s, refill, journal } = await refilled();
    const lines = (await readFile(journal, 'utf8')).split('\r\n');
    await writeFile(
      journal,
      lines
        .slice(
          0,
          lines.findIndex((l) => l.startsWith('emptying|')),
        )
        .map((l) => `${l}\r\n`)
        .join(''),
    );
    const before = await s.snap();
    const back = await s.run(['/rollback', '/yes']);
    expect(back.code, back.stdout).toBe(1603 % 256);
    expect(back.stdout).toMatch(/catroot2 exists and is not the one the repair made: .*catroot2\.old-2 left as it is/);
    const after = await s.snap();
    expect(under(after, 'system32/catroot2')).toEqual(refill);
    expect(under(after, 'system32/catroot2.old-2')).toEqual(under(before, 'system32/catroot2.old-2'));
    expect(Object.keys(after).filter((k) => k.startsWith('system32/catroot2.created-by-repair'))).toEqual([]);
  }, 300_000);

  /** A server repaired, then put back to the moment its copy of KB912354.CAT had written half its bytes under the name the journal gave it. */
  async function stoppedMidCopy() {
    const files = serverFiles(10);
    // Another run's name: not this run's, so never removed.
    files[`${CATALOGS}/KB912354.CAT.catroot-repair-7.partial`] = 'not this run';
    const s = await server(files);
    const original = await s.snap();
    const repaired = await s.run(['/yes']);
    expect(repaired.code, repaired.stdout).toBe(0);
    const expected = await s.snap();
    const journal = join(s.state, 'journal.txt');
    const lines = (await readFile(journal, 'utf8')).split('\r\n');
    expect(lines).toContainEqual(expect.stringMatching(/^tempcopy\|KB912354\.CAT\.catroot-repair-\d+\.partial$/));

    const sys = join(s.root, 'WINDOWS', 'system32');
    const temp = join(sys, 'CatRoot', CATALOG_FOLDER, 'KB912354.CAT.catroot-repair-4242.partial');
    const copied = await readFile(join(sys, 'CatRoot', 'backup-2', 'KB912354.CAT'));
    await writeFile(
      journal,
      [
        ...lines.slice(
          0,
          lines.findIndex((l) => l.startsWith('copying|')),
        ),
        'copying|KB912354.CAT',
        'tempcopy|KB912354.CAT.catroot-repair-4242.partial',
        '',
      ].join('\r\n'),
    );
    await nodeFs.unlink(join(sys, 'CatRoot', CATALOG_FOLDER, 'KB912354.CAT'));
    await writeFile(temp, copied.subarray(0, copied.length >> 1));
    await rmdir(join(sys, 'catroot2'));
    await nodeFs.rename(join(sys, 'catroot2.old-2'), join(sys, 'catroot2'));
    return { s, original, expected, temp };
  }

  it.each([
    ['run again: it removes its own cut-short copy and copies again', ['/yes'], 'repaired'],
    ['rolled back: its own cut-short copy goes too', ['/rollback', '/yes'], 'original'],
  ] as const)(
    'stopped in the middle of copying KB912354.CAT back (a truncated temporary copy), %s; a look-alike not in the journal stays',
    async (_name, args, end) => {
      const { s, original, expected } = await stoppedMidCopy();
      const again = await s.run([...args]);
      expect(again.code, again.stdout).toBe(0);
      expect(await s.snap()).toEqual(end === 'repaired' ? expected : original);
    },
    300_000,
  );

  it('a folder under the temporary name the journal gives is not the copy the run started: left as it is, exit 1603', async () => {
    const { s, temp } = await stoppedMidCopy();
    await nodeFs.unlink(temp);
    await writeTree(nodeFs, temp, { 'inside.txt': 'kept' });
    const before = await s.snap();
    const again = await s.run(['/yes']);
    expect(again.code, again.stdout).toBe(1603 % 256);
    expect(again.stdout).toMatch(/catroot-repair-4242\.partial is a folder, not the copy this run started: left as it is/);
    expect(await s.snap()).toEqual(before);
  }, 300_000);

  /**
   * The script's own helper routines (all it has after "rem ---- helpers ----"), called from a small batch
   * file whose folder holds an sc.cmd answering `sc enumdepend` with `enumdepend`: cmd.exe looks in the
   * current folder before PATH, and the script runs sc inside for /f, in a child cmd.exe. Wine's sc has no
   * enumdepend, so this is how recorded Windows output reaches the script's parsing.
   */
  async function helpers(call: string, enumdepend: string, journal: string) {
    // A ! in the path: the journal's path never meets delayed expansion.
    const rel = `helpers!${++n}`;
    const dir = join(box.prefix, 'drive_c', rel);
    await mkdir(dir, { recursive: true });
    const harness = [
      '@echo off',
      'setlocal EnableExtensions DisableDelayedExpansion',
      'cd /d "%~dp0"',
      'set "J=%~dp0journal.txt"',
      'set "STATE=%~dp0state"',
      `call ${call}`,
      'echo errorlevel %errorlevel%',
      'exit /b 0',
    ];
    await writeFile(
      join(dir, 'harness.cmd'),
      `${harness.join('\r\n')}\r\n${CMD_TEMPLATE.slice(CMD_TEMPLATE.indexOf('rem ---- helpers ----'))}`.replace(/\r?\n/g, '\r\n'),
    );
    await writeFile(join(dir, 'sc.cmd'), '@if /i "%1"=="enumdepend" type "%~dp0enumdepend.txt"\r\n');
    await writeFile(join(dir, 'enumdepend.txt'), enumdepend);
    await writeFile(join(dir, 'journal.txt'), journal);
    const run = async () => (await box.wine(['cmd', '/c', `C:\\${rel}\\harness.cmd`])).stdout;
    return { run, journal: async () => (await readFile(join(dir, 'journal.txt'), 'utf8')).split(/\r?\n/).filter(Boolean) };
  }

  const ENUMDEPEND_WINDOWS_11 = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'sc', 'enumdepend.txt'), 'utf8');
  const block = (name: string, state: string) =>
    `SERVICE_NAME: ${name}\nDISPLAY_NAME: ${name.trim()}\n        TYPE               : 20  WIN32_SHARE_PROCESS\n        STATE              : ${state}\n        WIN32_EXIT_CODE    : 0  (0x0)\n`;
  it.each([
    ['recorded on Windows 11: AppIDSvc runs, applockerfltr is stopped', ENUMDEPEND_WINDOWS_11, ['AppIDSvc'], true],
    [
      'LF line ends, names with blanks, trailing blanks, & and ( ), start-pending and paused ones, STATE:4',
      `Enum: entriesRead = 5\n\n${block('Two Words  ', '2  START_PENDING ')}\n${block('Paused', '7  PAUSED')}\n${block('Off', '1  STOPPED')}\n${block('A&B (x)', '4  RUNNING')}\nSERVICE_NAME: Tight\n        STATE:4  RUNNING\n`,
      ['Two Words', 'Paused', 'A&B (x)', 'Tight'],
      true,
    ],
    ['none depends on CryptSvc', 'Enum: entriesRead = 0\r\n\r\n', [], true],
    ["an sc without enumdepend (Wine's prints nothing)", '', [], false],
    ['an sc error', '[SC] EnumDependentServices FAILED 5:\r\n\r\nAccess is denied.\r\n\r\n', [], false],
    ["an older sc's error line, in lower case", '[sc] EnumDependentServices FAILED, rc = 5\r\n', [], false],
    [
      'a buffer too small: those listed are kept, and the list is not whole',
      `Enum: entriesRead  = 1\r\n${block('AppIDSvc', '4  RUNNING')}Enum: more data, need 6971 bytes\r\n`,
      ['AppIDSvc'],
      false,
    ],
  ])(
    'the services that depend on CryptSvc, from sc enumdepend: %s',
    async (_name, output, running, listed) => {
      const h = await helpers(':dependents journal', output, 'begin|x\r\nstop|CryptSvc\r\n');
      const first = await h.run();
      // A run resumed after a reboot asks again: each service is recorded once.
      const second = await h.run();
      expect(await h.journal()).toEqual([
        'begin|x',
        'stop|CryptSvc',
        ...running.map((name) => `dependent|${name}`),
        ...(listed ? [] : ['unlisted-dependents|CryptSvc']),
      ]);
      for (const name of running) expect(first).toContain(`${name} depends on CryptSvc and runs: it is stopped with it and started again at the end.`);
      expect(first).toContain(`errorlevel ${listed ? 0 : 1}`);
      expect(second).toContain(`errorlevel ${listed ? 0 : 1}`);
      if (!listed) expect(first).toMatch(/sc could not list all the services that depend on CryptSvc/);

      const plan = await (await helpers(':dependents plan', output, '')).run();
      expect(
        plan
          .split(/\r?\n/)
          .filter((l) => l.startsWith('    '))
          .map((l) => l.trim()),
      ).toEqual([
        ...running.map((name) => `${name} depends on CryptSvc and runs: stopped with it, started again at the end`),
        ...(listed ? [] : ['sc cannot list all the services that depend on CryptSvc here: net stop /y stops them unnamed.']),
      ]);
    },
    300_000,
  );

  it('interrupted with CryptSvc and a service that depends on it stopped: the resumed run starts CryptSvc and then that service, as its journal says; one that was not running stays stopped', async () => {
    const s = await server(serverFiles(20));
    const sc = (...args: string[]) => box.wine(['sc', ...args]);
    const state = async (name: string) => /STATE\s*:\s*\d+\s+(\w+)/.exec((await sc('query', name)).stdout)?.[1];
    // Wine has no CryptSvc: stand-ins on Wine's stub service, made here and removed at the end.
    const services = ['CatrootDependent', 'CatrootIdle', 'CryptSvc'];
    const stub = 'C:\\windows\\system32\\wuauserv.exe';
    try {
      await sc('create', 'CryptSvc', 'binPath=', stub, 'start=', 'demand');
      for (const name of ['CatrootDependent', 'CatrootIdle']) await sc('create', name, 'binPath=', stub, 'start=', 'demand', 'depend=', 'CryptSvc');
      for (const name of services) expect(await state(name)).toBe('STOPPED');
      // The journal as a run leaves it when stopped right after net stop /y (Wine's net has no /y, and its
      // sc no enumdepend: the test above runs that part on recorded output).
      await mkdir(s.state);
      await writeFile(
        join(s.state, 'journal.txt'),
        'begin|Mon 01/07/2008 10:00\r\nbackup|backup-2\r\noldname|catroot2.old-2\r\nstop|CryptSvc\r\ndependent|CatrootDependent\r\n',
      );
      const resumed = await s.run(['/yes']);
      expect(resumed.code, resumed.stdout).toBe(0);
      expect(resumed.stdout).toMatch(/Resuming/);
      expect(resumed.stdout.split(/\r?\n/).filter((l) => l.startsWith('Started '))).toEqual(['Started CryptSvc.', 'Started CatrootDependent.']);
      expect(await state('CryptSvc')).toBe('RUNNING');
      expect(await state('CatrootDependent')).toBe('RUNNING');
      expect(await state('CatrootIdle')).toBe('STOPPED');
    } finally {
      for (const name of services) {
        await box.wine(['net', 'stop', name]);
        await sc('delete', name);
      }
    }
  }, 300_000);
});
