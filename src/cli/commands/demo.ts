import fse from 'fs-extra';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { affectedServerFiles, writeTree } from '../../demo/affected-server.js';
import { claimDemoFolder } from '../../demo/demo-folder.js';
import { BadInputError } from '../../errors.js';
import { assertCanAsk, type CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { repairCommand } from './repair.js';

/** Builds a simulated affected SBS 2003 server and runs the full online flow on it, installer included. */
export async function demoCommand(options: CliOptions, io: CliIo): Promise<number> {
  // The repair asks unless --yes: refuse before the first file is written, not after the tree is built.
  if (!options.yes && !options.dryRun) assertCanAsk(io);
  const base = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'catroot-repair-demo-'));
  const windir = join(base, 'WINDOWS');
  await claimDemoFolder(base);
  await writeTree(fse, base, affectedServerFiles({ catalogs: 400 }));
  const servicesFile = join(base, 'services.json');
  await fse.writeFile(servicesFile, `${JSON.stringify({ services: { CryptSvc: { state: 'running' }, RpcSs: { state: 'running' } } }, null, 2)}\n`, {
    flag: 'wx',
  });
  // import.meta.url is empty inside the single-file .exe, which does not ship the demo's installer.
  if (!import.meta.url) throw new BadInputError('the demo is part of the npm package, not of catroot-repair.exe', 'Run npm run demo from the source folder.');
  const installer = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'demo', 'sp2-installer.js');
  const say = (text: string) => (options.json ? io.stderr : io.stdout).write(`${text}\n`);
  say(`Demo: a simulated SBS 2003 server in ${base}`);
  say('  400+ hotfix catalogs, KB912354.CAT, catroot2 with catdb and edb logs, CryptSvc running (simulated),');
  say('  and an SP2 installer that fails with 0xfffffbfe while the catalog store is overloaded.\n');
  const { execa } = await import('execa');
  const before = await execa(process.execPath, [installer, windir, servicesFile, '/passive', '/norestart'], { reject: false });
  // Exit codes are 8 bits outside Windows: update.exe's 1603 arrives as 67 here, as under MSYS or WSL.
  const shown = before.exitCode === 1603 % 256 ? `${before.exitCode} (1603 cut to 8 bits by this OS)` : String(before.exitCode);
  say(`First, SP2 as it is: exit code ${shown}: it failed, and svcpack.log has one more failed session.\n`);
  const code = await repairCommand(
    {
      ...options,
      command: 'repair',
      root: undefined,
      windir,
      servicesFile,
      stateDir: options.stateDir ?? join(base, 'state'),
      installer: process.execPath,
      installerArgs: [installer, windir, servicesFile, '/passive', '/norestart'],
    },
    io,
  );
  say(`\nDemo done (exit code ${code}). The simulated server stays in ${base} to inspect.`);
  return code;
}
