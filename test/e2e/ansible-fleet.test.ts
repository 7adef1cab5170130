import { execa } from 'execa';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import fse from 'fs-extra';
import { describe, expect, it } from 'vitest';
import { affectedServerFiles, writeTree } from '../../src/demo/affected-server.js';
import { reportingEventsFailure, utf16le } from '../../src/demo/windows10-logs.js';
import { windows10Files } from '../../src/demo/windows10-server.js';
import { CLI, tempDir } from '../helpers/cli.js';

const PLAYBOOK = join(import.meta.dirname, '..', '..', 'examples', 'ansible', 'offline-fleet.yml');
const hasAnsible = (await execa('ansible-playbook', ['--version'], { reject: false }).catch(() => ({ exitCode: 1 }))).exitCode === 0;
if (!hasAnsible) console.warn('SKIPPED: the Ansible fleet run: ansible-playbook is not installed (.ci/run installs ansible-core)');

/** Ten images: Server 2003 hit by 0xfffffbfe, Windows 10 with a corrupt datastore, and Windows 10 whose only failure is the network's. */
const FLEET: Array<[string, 'affected' | 'healthy', () => Record<string, Buffer | string>]> = [
  ...[1, 2, 3, 4].map((n): [string, 'affected', () => Record<string, Buffer | string>] => [
    `sbs${n}`,
    'affected',
    () => affectedServerFiles({ catalogs: 120 + n }),
  ]),
  ...[1, 2, 3].map((n): [string, 'affected', () => Record<string, Buffer | string>] => [
    `win10-wu${n}`,
    'affected',
    () => windows10Files({ catalogs: 30 + n, failure: 'datastore' }),
  ]),
  ...[1, 2, 3].map((n): [string, 'healthy', () => Record<string, Buffer | string>] => [
    `win10-net${n}`,
    'healthy',
    () => {
      const files = windows10Files({ catalogs: 30 + n, failure: 'datastore' });
      files['Windows/SoftwareDistribution/ReportingEvents.log'] = utf16le(reportingEventsFailure('80072ee2'));
      return files;
    },
  ]),
];

/** Runs the playbook and reads its PLAY RECAP: `sbs1 : ok=2 changed=1 unreachable=0 failed=0 skipped=0 ...`. */
async function playbook(inventory: string) {
  const r = await execa('ansible-playbook', ['-i', inventory, '-f', '4', PLAYBOOK], {
    reject: false,
    env: { ANSIBLE_LOCALHOST_WARNING: 'False', ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'False' },
  });
  const stats: Record<string, { changed: number; failures: number }> = {};
  for (const [, host, changed, failed] of r.stdout.matchAll(/^(\S+)\s+: ok=\d+\s+changed=(\d+)\s+unreachable=\d+\s+failed=(\d+)/gm))
    stats[host as string] = { changed: Number(changed), failures: Number(failed) };
  return { code: r.exitCode, stats, output: r.stdout };
}

describe.runIf(hasAnsible)('examples/ansible/offline-fleet.yml over ten offline images (local connection, four forks)', () => {
  it('first pass: the affected images change, the healthy ones do not; second pass: nothing changes; no failures', async () => {
    const dir = await tempDir();
    const lines = ['[images]'];
    for (const [name, , files] of FLEET) {
      const image = join(dir, name);
      await writeTree(fse, image, files());
      lines.push(`${name} image=${image} state=${join(dir, `${name}-state`)}`);
    }
    lines.push('', '[images:vars]', `catroot_repair="${process.execPath} ${CLI}"`, 'ansible_python_interpreter=auto_silent');
    const inventory = join(dir, 'inventory.ini');
    await writeFile(inventory, `${lines.join('\n')}\n`);

    const first = await playbook(inventory);
    expect(first.code, first.output).toBe(0);
    for (const [name, kind] of FLEET) expect([name, first.stats[name]?.changed, first.stats[name]?.failures]).toEqual([name, kind === 'affected' ? 1 : 0, 0]);

    const second = await playbook(inventory);
    expect(second.code, second.output).toBe(0);
    for (const [name] of FLEET) expect([name, second.stats[name]?.changed, second.stats[name]?.failures]).toEqual([name, 0, 0]);
  }, 600_000);
});
