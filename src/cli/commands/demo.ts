import fse from 'fs-extra';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { claimDemoFolder } from '../../demo/demo-folder.js';
import { assertCanAsk, type CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import type { DemoSite } from './demo-site.js';
import { server2003Demo } from './demo-server-2003.js';
import { windows10Demo } from './demo-windows-10.js';

/** Builds a simulated affected system (SBS 2003 by default, or Windows 10) and runs the full online flow on it. */
export async function demoCommand(options: CliOptions, io: CliIo): Promise<number> {
  // The repair asks unless --yes: refuse before the first file is written, not after the tree is built.
  if (!options.yes && !options.dryRun) assertCanAsk(io);
  const base = options.dir ? resolve(options.dir) : await mkdtemp(join(tmpdir(), 'catroot-repair-demo-'));
  await claimDemoFolder(base);
  const site: DemoSite = {
    base,
    async services(running) {
      const file = join(base, 'services.json');
      const services = Object.fromEntries(running.map((name) => [name, { state: 'running' }]));
      await fse.writeFile(file, `${JSON.stringify({ services }, null, 2)}\n`, { flag: 'wx' });
      return file;
    },
    say: (text) => void (options.json ? io.stderr : io.stdout).write(`${text}\n`),
  };
  const code = await (options.scenario === 'windows-10' ? windows10Demo : server2003Demo)(site, options, io);
  site.say(`\nDemo done (exit code ${code}). The simulated system stays in ${base} to inspect.`);
  return code;
}
