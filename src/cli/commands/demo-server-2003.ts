import fse from 'fs-extra';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { affectedServerFiles, writeTree } from '../../demo/affected-server.js';
import { BadInputError } from '../../errors.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import type { DemoSite } from './demo-site.js';
import { repairCommand } from './repair.js';

// The stand-in installer beside the bundle (dist/bin) or in tsc's output (dist/src/demo), whichever this module is in.
const INSTALLER_PLACES = ['./sp2-installer.mjs', '../../demo/sp2-installer.js'];

function demoInstaller(): string {
  // import.meta.url is empty inside the single-file .exe, which does not ship the demo's installer.
  const found = import.meta.url ? INSTALLER_PLACES.map((place) => fileURLToPath(new URL(place, import.meta.url))).find((file) => existsSync(file)) : undefined;
  if (!found) throw new BadInputError('the demo is part of the npm package, not of catroot-repair.exe', 'Run npm run demo from the source folder.');
  return found;
}

/** An SBS 2003 server whose SP2 fails with 0xfffffbfe: the installer runs before the repair and after it. */
export async function server2003Demo({ base, services, say }: DemoSite, options: CliOptions, io: CliIo): Promise<number> {
  const windir = join(base, 'WINDOWS');
  await writeTree(fse, base, affectedServerFiles({ catalogs: 400 }));
  const servicesFile = await services(['CryptSvc', 'RpcSs']);
  const installer = demoInstaller();
  say(`Demo: a simulated SBS 2003 server in ${base}`);
  say('  400+ hotfix catalogs, KB912354.CAT, catroot2 with catdb and edb logs, CryptSvc running (simulated),');
  say('  and an SP2 installer that fails with 0xfffffbfe while the catalog store is overloaded.\n');
  const { execa } = await import('execa');
  const before = await execa(process.execPath, [installer, windir, servicesFile, '/passive', '/norestart'], { reject: false });
  // Exit codes are 8 bits outside Windows: update.exe's 1603 arrives as 67 here, as under MSYS or WSL.
  const shown = before.exitCode === 1603 % 256 ? `${before.exitCode} (1603 cut to 8 bits by this OS)` : String(before.exitCode);
  say(`First, SP2 as it is: exit code ${shown}: it failed, and svcpack.log has one more failed session.\n`);
  return repairCommand(
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
}
