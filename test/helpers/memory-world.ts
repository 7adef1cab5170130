import { Volume, createFsFromVolume } from 'memfs';
import type { TreeWriter } from '../../src/demo/affected-server.js';
import { defaultRetry, type World } from '../../src/engine/world.js';
import type { Clock } from '../../src/platform/clock.js';
import type { Fs } from '../../src/platform/fs.js';
import { fsFromModule, type FsPromises } from '../../src/platform/fs-module.js';
import type { ProcessRunner } from '../../src/platform/processes.js';
import { offlineServices, type ServiceControl } from '../../src/platform/services.js';
import { simulatedServices, type SimulatedServiceFile } from '../../src/platform/simulated-services.js';

/** A clock that ticks one second per reading and never waits. */
export function fakeClock(start = Date.UTC(2026, 10, 22, 3, 0, 0)): Clock & { slept: number[] } {
  let now = start;
  const slept: number[] = [];
  return {
    slept,
    now: () => new Date((now += 1000)),
    sleep: async (ms) => void slept.push(ms),
  };
}

export function fakeProcesses(alive: (pid: number) => boolean = () => false): ProcessRunner & { runs: string[][] } {
  const runs: string[][] = [];
  return {
    runs,
    run: async (file, args) => (runs.push([file, ...args]), { exitCode: 0, timedOut: false }),
    isAlive: alive,
  };
}

export interface MemoryWorld {
  vol: InstanceType<typeof Volume>;
  fs: Fs;
  io: TreeWriter & FsPromises;
  world: World;
}

export function memoryWorld(overrides: Partial<World> = {}): MemoryWorld {
  const vol = new Volume();
  const promises = createFsFromVolume(vol).promises as unknown as FsPromises & TreeWriter;
  const fs = fsFromModule(promises);
  const world: World = {
    fs,
    services: offlineServices(),
    processes: fakeProcesses(),
    clock: fakeClock(),
    retry: { ...defaultRetry, firstDelayMs: 1 },
    ...overrides,
  };
  return { vol, fs, io: promises, world };
}

/** The simulated service manager, its state file held in memory. */
export function memoryServices(services: SimulatedServiceFile['services']): ServiceControl {
  let text = JSON.stringify({ services });
  return simulatedServices('/services.json', { read: async () => text, write: async (_path, next) => void (text = next) });
}
