import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import type { Step } from '../../src/engine/plan.js';
import { fsError, type Fs } from '../../src/platform/fs.js';
import type { ServiceControl, StartType } from '../../src/platform/services.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { repair, rollback } from '../../src/repair/repair.js';
import { openSystem } from '../../src/repair/system.js';
import { memoryServices } from '../helpers/memory-world.js';
import { affectedVolume, ME, ROOT, STATE, withoutSystemLock } from '../helpers/scenario.js';
import { manifest } from '../helpers/test-playbook.js';

/** wu-reset's shape, on catroot2: stop wuauserv, disable it, set the folder aside, then the type back and start it. */
const quietRename: Step<RepairContext, { system32: string; type: StartType }> = {
  id: 'quiet-rename',
  title: 'Rename catroot2 with wuauserv stopped and disabled',
  inspect: async (ctx) => ({ system32: ctx.layout.system32, type: await ctx.services.startType('wuauserv') }),
  plan: ({ system32, type }): Action[] => [
    { kind: 'stop-service', name: 'wuauserv' },
    { kind: 'set-start-type', name: 'wuauserv', from: type, to: 'disabled' },
    { kind: 'rename-dir', from: join(system32, 'catroot2'), to: join(system32, 'catroot2.old'), holders: ['wuauserv'] },
    { kind: 'make-dir', path: join(system32, 'catroot2') },
    { kind: 'set-start-type', name: 'wuauserv', from: 'disabled', to: type },
    { kind: 'start-service', name: 'wuauserv' },
  ],
  summary: () => 'rename catroot2 quietly',
  words: { doing: 'renaming catroot2', undoing: 'putting catroot2 back', done: () => 'renamed catroot2' },
};

const playbook: RepairPlaybook = {
  id: 'test-quiet-rename',
  title: 'Test: a rename with a service disabled for the duration',
  purpose: 'set-start-type and rename-dir holders through the engine, the journal and a rollback.',
  steps: [manifest, quietRename],
  roots: ({ layout, stateDir }) => [layout.windir, stateDir],
};

/** wuauserv comes back once after its first stop, and holds catroot2 while it runs. */
function holdingWorld() {
  const inner = memoryServices({ wuauserv: { state: 'running', startType: 'delayed-auto' } });
  const stops: string[] = [];
  const services: ServiceControl = {
    ...inner,
    async stop(name) {
      stops.push(name);
      await inner.stop(name);
      if (stops.length === 1) await inner.start(name);
    },
  };
  const volume = affectedVolume({ catalogs: 5 });
  const busy = async (path: string) => path.endsWith('catroot2') && (await services.query('wuauserv')) === 'running';
  const fs = new Proxy(volume.fs as Fs, {
    get: (target, key) =>
      key === 'rename'
        ? async (from: string, to: string) => {
            if (await busy(from)) throw fsError('EBUSY', `${from} is in use`);
            return target.rename(from, to);
          }
        : Reflect.get(target, key, target),
  });
  const open = () => openSystem({ ...volume.world, fs, services }, { root: ROOT, stateDir: STATE }, ME, playbook);
  return { volume, services: inner, stops, open };
}

describe('a run that disables a service for the duration and renames a folder it holds', () => {
  it('repairs with the service stopped again, restores its start type, and a rollback gives everything back', async () => {
    const { volume, services, stops, open } = holdingWorld();
    const original = await volume.snap();
    const outcome = await repair(await open(), { backupConfirmed: false });
    expect(outcome.kind === 'repaired' && outcome.verify.problems).toEqual([]);
    expect(stops).toEqual(['wuauserv', 'wuauserv']);
    expect([await services.query('wuauserv'), await services.startType('wuauserv')]).toEqual(['running', 'delayed-auto']);

    const { report } = await rollback(await open());
    expect(report.conflicts).toEqual([]);
    expect([await services.query('wuauserv'), await services.startType('wuauserv')]).toEqual(['running', 'delayed-auto']);
    expect(withoutSystemLock(await volume.snap())).toEqual(original);
  });
});
