import { describe, expect, it } from 'vitest';
import type { Action, RunContext } from '../../src/engine/actions/action.js';
import { applyUnlessDone, undoAction } from '../../src/engine/actions/handlers.js';
import { fsError } from '../../src/platform/fs.js';
import { offlineServices, type ServiceControl } from '../../src/platform/services.js';
import { memoryServices, memoryWorld } from '../helpers/memory-world.js';

const RUN: RunContext = { runDir: '/run', base: '/', actions: [] };
const FOLDER = '/WINDOWS/SoftwareDistribution';
const ASIDE = '/WINDOWS/SoftwareDistribution.old';
const rename = (holders?: string[]): Action => ({ kind: 'rename-dir', from: FOLDER, to: ASIDE, ...(holders ? { holders } : {}) });

/** wuauserv and BITS, running; after its first stop wuauserv is started again behind the run's back, once. */
function servicesComingBack(): ServiceControl & { stops: string[] } {
  const inner = memoryServices({ wuauserv: { state: 'running' }, BITS: { state: 'running' } });
  const stops: string[] = [];
  return {
    ...inner,
    stops,
    async stop(name) {
      stops.push(name);
      await inner.stop(name);
      if (name === 'wuauserv' && stops.length === 1) await inner.start(name);
    },
  };
}

/** A world whose folder cannot be renamed (EBUSY) while `busy()` says so, in either direction. */
async function worldHolding(services: ServiceControl, busy: () => Promise<boolean>) {
  const { world, io } = memoryWorld({ services });
  await io.mkdir(FOLDER, { recursive: true });
  await io.writeFile(`${FOLDER}/DataStore.edb`, 'x');
  const renames: string[] = [];
  const fs = {
    ...world.fs,
    async rename(from: string, to: string) {
      renames.push(from);
      if ((from === FOLDER || from === ASIDE) && (await busy())) throw fsError('EBUSY', `${from} is in use`);
      return world.fs.rename(from, to);
    },
  };
  return { world: { ...world, fs }, renames, io };
}

describe('a rename-dir with holders stops them again before each retry', () => {
  it.each([
    ['the holder that came back', ['wuauserv'], { by: 'now' }, ['wuauserv', 'wuauserv'], 2],
    ['holders stopped again in their order', ['BITS', 'wuauserv'], { by: 'now' }, ['wuauserv', 'BITS', 'wuauserv'], 2],
    ['no holders: retried, and still in use', undefined, /EBUSY/, ['wuauserv'], 5],
    ['another holder: retried, and still in use', ['BITS'], /EBUSY/, ['wuauserv', 'BITS'], 5],
  ] as const)('%s', async (_, holders, outcome, stops, attempts) => {
    const services = servicesComingBack();
    const { world, renames } = await worldHolding(services, async () => (await services.query('wuauserv')) === 'running');
    await applyUnlessDone(world, RUN, { kind: 'stop-service', name: 'wuauserv' });
    expect(await services.query('wuauserv')).toBe('running');

    const applied = applyUnlessDone(world, RUN, rename(holders && [...holders]));
    if (outcome instanceof RegExp) await expect(applied).rejects.toThrow(outcome);
    else expect(await applied).toEqual(outcome);
    expect(services.stops).toEqual(stops);
    expect(renames).toHaveLength(attempts);
    expect(await world.fs.lstat(outcome instanceof RegExp ? FOLDER : ASIDE)).toMatchObject({ kind: 'dir' });
  });

  it('the rename back in a rollback does the same', async () => {
    const services = servicesComingBack();
    const { world, io } = await worldHolding(services, async () => (await services.query('wuauserv')) === 'running');
    await io.rename(FOLDER, ASIDE);
    await services.stop('wuauserv');
    expect(await services.query('wuauserv')).toBe('running');
    await undoAction(world, rename(['wuauserv']));
    expect(services.stops).toEqual(['wuauserv', 'wuauserv']);
    expect(await world.fs.lstat(FOLDER)).toMatchObject({ kind: 'dir' });
  });

  it('offline, where no service runs: plain retries', async () => {
    let busy = 2;
    const { world, renames } = await worldHolding(offlineServices(), async () => busy-- > 0);
    expect(await applyUnlessDone(world, RUN, rename(['wuauserv']))).toEqual({ by: 'now' });
    expect(renames).toHaveLength(3);
  });
});
