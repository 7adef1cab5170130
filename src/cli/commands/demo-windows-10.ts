import fse from 'fs-extra';
import { join } from 'node:path';
import { writeTree } from '../../demo/affected-server.js';
import { windows10Files } from '../../demo/windows10-server.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import type { DemoSite } from './demo-site.js';
import { repairCommand } from './repair.js';

/** A Windows 10 machine whose updates fail with 0x800B0109: the evidence chooses catroot2-reset. */
export async function windows10Demo({ base, services, say }: DemoSite, options: CliOptions, io: CliIo): Promise<number> {
  const windir = join(base, 'Windows');
  await writeTree(fse, base, windows10Files({ catalogs: 300, failure: 'catalog-database' }));
  const servicesFile = await services(['CryptSvc', 'RpcSs']);
  say(`Demo: a simulated Windows 10 machine in ${base}`);
  say('  300 package catalogs and a few tmp*.cat leftovers in CatRoot, catroot2 with dberr.txt, CryptSvc running (simulated),');
  say('  and a cumulative update failing with 0x800B0109 in ReportingEvents.log (UTF-16LE) and CBS.log.');
  say('  The tool reads that evidence and picks catroot2-reset (KB822798): no playbook is named here.\n');
  return repairCommand({ ...options, command: 'repair', root: undefined, windir, servicesFile, stateDir: options.stateDir ?? join(base, 'state') }, io);
}
