import { describe, expect, it } from 'vitest';
import { describeAction, pathsOf, type Action, type RunContext } from '../../src/engine/actions/action.js';
import { applyUnlessDone, statusOf, undoAction } from '../../src/engine/actions/handlers.js';
import { offlineServices, ServiceError, type StartType } from '../../src/platform/services.js';
import { memoryServices, memoryWorld } from '../helpers/memory-world.js';

const RUN: RunContext = { runDir: '/run', base: '/', actions: [] };
const DISABLE: Action = { kind: 'set-start-type', name: 'wuauserv', from: 'demand', to: 'disabled' };

/** A world whose wuauserv has this start type (or none recorded: 'demand'). */
function worldWith(startType?: StartType) {
  const services = memoryServices({ wuauserv: { state: 'stopped', ...(startType ? { startType } : {}) } });
  return { services, world: memoryWorld({ services }).world };
}

describe('set-start-type', () => {
  it.each([
    [undefined, 'pending'],
    ['demand', 'pending'],
    ['disabled', 'applied'],
    ['auto', { conflict: 'the start type of wuauserv is auto, neither demand nor disabled' }],
  ] as const)('status with the type %s: %j', async (type, expected) => {
    expect(await statusOf(worldWith(type).world, RUN, DISABLE)).toEqual(expected);
  });

  it.each([
    ['demand', { by: 'now' }, 'disabled'],
    ['disabled', { by: 'earlier' }, 'disabled'],
    ['delayed-auto', { conflict: 'the start type of wuauserv is delayed-auto, neither demand nor disabled' }, 'delayed-auto'],
  ] as const)('apply over %s: %j, the type then %s', async (type, outcome, after) => {
    const { services, world } = worldWith(type);
    expect(await applyUnlessDone(world, RUN, DISABLE)).toEqual(outcome);
    expect(await services.startType('wuauserv')).toBe(after);
  });

  it.each([
    ['disabled', undefined, 'demand'],
    ['demand', 'the start type of wuauserv was already demand again', 'demand'],
  ] as const)('undo over %s', async (type, note, after) => {
    const { services, world } = worldWith(type);
    expect(await undoAction(world, DISABLE)).toBe(note);
    expect(await services.startType('wuauserv')).toBe(after);
  });

  it('undo leaves a type set since by someone else, and says so', async () => {
    const { services, world } = worldWith('auto');
    await expect(undoAction(world, DISABLE)).rejects.toThrow(/is now auto, neither demand nor disabled; left as it is/);
    expect(await services.startType('wuauserv')).toBe('auto');
  });

  it('offline, the start type is neither read nor set', async () => {
    const world = memoryWorld({ services: offlineServices() }).world;
    await expect(statusOf(world, RUN, DISABLE)).rejects.toBeInstanceOf(ServiceError);
    await expect(applyUnlessDone(world, RUN, DISABLE)).rejects.toThrow(/offline image/);
  });

  it('says what it does and touches no path', () => {
    expect(describeAction(DISABLE)).toBe('set start type of wuauserv: demand -> disabled');
    expect(pathsOf(DISABLE)).toEqual([]);
  });
});

describe('the simulated service manager and start types', () => {
  it.each([
    [undefined, 'running'],
    ['demand', 'running'],
    ['auto', 'running'],
    ['disabled', 1058],
  ] as const)('start with the type %s: %s', async (type, expected) => {
    const { services } = worldWith(type);
    const error = await services.start('wuauserv').catch((e: unknown) => e);
    if (typeof expected === 'number') expect(error).toMatchObject({ name: 'ServiceError', win32Code: expected });
    else expect(await services.query('wuauserv')).toBe(expected);
  });

  it('keeps the type it was given, and refuses a service it does not know (1060)', async () => {
    const { services } = worldWith();
    await services.setStartType('wuauserv', 'delayed-auto');
    expect(await services.startType('wuauserv')).toBe('delayed-auto');
    await expect(services.startType('nosuch')).rejects.toMatchObject({ win32Code: 1060 });
  });
});
