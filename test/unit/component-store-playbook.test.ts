import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { componentStore } from '../../playbooks/component-store/index.js';
import { actionsOf, changesNothing } from '../../src/engine/plan.js';
import type { World } from '../../src/engine/world.js';
import { planRepair, repair } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { MapFs } from '../helpers/map-fs.js';
import { memoryServices, memoryWorld } from '../helpers/memory-world.js';
import { ME, ROOT, STATE } from '../helpers/scenario.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'component-store', `${name}.utf8.log`), 'utf8');
const CBS = `${ROOT}/Windows/Logs/CBS/CBS.log`;
/** An earlier, repaired DISM run already in CBS.log before the mark: it must not count. */
const EARLIER = fixture('repaired');

/** A Windows 10 machine online (simulated services) whose DISM and sfc append `log` to CBS.log and exit with `dismExit`. */
function machine(log: string, dismExit: number, options: { offline?: boolean; source?: string } = {}) {
  const fs = MapFs.fromFiles(ROOT, {
    'Windows/System32/kernel32.dll': 'k',
    'Windows/System32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB1.cat': 'kb',
    'Windows/Logs/CBS/CBS.log': EARLIER,
  });
  const runs: string[][] = [];
  const processes: World['processes'] = {
    isAlive: () => false,
    async run(file, args) {
      runs.push([file, ...args]);
      const dism = file.endsWith('Dism.exe');
      if (dism) {
        const out = await fs.openAppend(CBS);
        await out.append(log);
      }
      return { exitCode: dism ? dismExit : 0, timedOut: false };
    },
  };
  const services = options.offline ? memoryWorld().world.services : memoryServices({ CryptSvc: { state: 'running' } });
  const world = { ...memoryWorld().world, fs, processes, services };
  const where = options.offline ? { root: ROOT, stateDir: STATE } : { windir: `${ROOT}/Windows`, stateDir: STATE };
  const open = async () => ({
    ...(await openSystem(world, where, ME, componentStore, [componentStore])),
    choices: options.source ? { dismSource: options.source } : {},
  });
  return { open, runs, fs };
}

async function judged(log: string, dismExit: number) {
  const m = machine(log, dismExit);
  const system = await m.open();
  const outcome = await repair(system, { backupConfirmed: false });
  if (outcome.kind !== 'repaired') throw new Error(outcome.kind);
  const results = outcome.run.actions.flatMap((a, i) => (a.kind === 'run-program' ? [outcome.report.results.get(i) ?? {}] : []));
  return { m, judgement: await componentStore.judge!.after(system, outcome.judgeBefore, results, outcome.run.actions), system };
}

describe('component-store, online, with a fake process runner and captured CBS.log outputs', () => {
  it.each([
    ['healthy', 'healthy', 0, 'ok', 'HEALTHY'],
    ['repaired', 'repaired', 0, 'ok', 'REPAIRED'],
    ['source missing (0x800F081F)', 'source-missing', -2146498529, 'failed', 'SOURCE MISSING'],
    ['sfc cannot repair', 'sfc-cannot-repair', 0, 'failed', 'NOT REPAIRED'],
    ['a healthy log but DISM exits 87 (bad argument)', 'healthy', 87, 'failed', 'HEALTHY'],
    ['DISM asks for a restart (3010)', 'repaired', 3010, 'reboot-required', 'REPAIRED'],
  ])('%s: the verdict comes from the new part of CBS.log and the exit codes', async (_case, log, exit, ends, said) => {
    const { m, judgement } = await judged(fixture(log), exit);
    expect(m.runs.map(([file, ...args]) => [file?.split('/').pop(), ...args])).toEqual([
      ['Dism.exe', '/Online', '/Cleanup-Image', '/RestoreHealth'],
      ['sfc.exe', '/scannow'],
    ]);
    expect(judgement.ends).toBe(ends);
    expect(judgement.lines[0]).toMatch(new RegExp(`^Component store: ${said}`));
    if (log === 'source-missing') expect(judgement.lines.join('\n')).toMatch(/--source/);
  });

  it('DISM cannot start: NOT JUDGED, whatever CBS.log held before', async () => {
    const m = machine(fixture('healthy'), 0);
    const system = await m.open();
    const outcome = await repair(
      {
        ...system,
        world: { ...system.world, processes: { isAlive: () => false, run: async () => ({ exitCode: -1, timedOut: false, notStarted: 'ENOENT' }) } },
      },
      { backupConfirmed: false },
    );
    if (outcome.kind !== 'repaired') throw new Error(outcome.kind);
    const results = outcome.run.actions.flatMap((a, i) => (a.kind === 'run-program' ? [outcome.report.results.get(i) ?? {}] : []));
    const judgement = await componentStore.judge!.after(system, outcome.judgeBefore, results, outcome.run.actions);
    expect([judgement.ends, judgement.lines[0]]).toEqual(['failed', 'Component store: NOT JUDGED: DISM or sfc did not run to its end']);
  });

  it('nothing appended since the mark: unknown, even though an earlier run before the mark was repaired', async () => {
    const { judgement } = await judged('', 0);
    expect([judgement.ends, judgement.lines[0]]).toEqual(['failed', expect.stringMatching(/^Component store: UNKNOWN/)]);
  });

  it('--source adds /Source and /LimitAccess; a second run runs them again (a first one may have lacked a source)', async () => {
    const m = machine(fixture('healthy'), 0, { source: 'wim:D:\\sources\\install.wim:1' });
    const plan = await planRepair(await m.open());
    expect(actionsOf(plan).map((a) => (a.kind === 'run-program' ? a.args.join(' ') : a.kind))).toEqual([
      '/Online /Cleanup-Image /RestoreHealth /Source:wim:D:\\sources\\install.wim:1 /LimitAccess',
      '/scannow',
    ]);
    await repair(await m.open(), { backupConfirmed: false });
    expect(actionsOf(await planRepair(await m.open())).length).toBe(2);
  });

  it('offline: nothing runs; the plan names the DISM /Image command for WinPE', async () => {
    const m = machine(fixture('healthy'), 0, { offline: true });
    const plan = await planRepair(await m.open());
    expect(changesNothing(plan)).toBe(true);
    expect(plan.steps[0]?.summary).toMatch(
      /DISM \/Image:\S+ \/Cleanup-Image \/RestoreHealth \/Source:<a matching install\.wim.*then sfc \/scannow \/offbootdir=/,
    );
    expect(m.runs).toEqual([]);
  });
});
