import { promises as nodeFs } from 'node:fs';
import { ServiceError, type ServiceControl, type ServiceState, type StartType } from './services.js';

/** The state file of a simulated service manager: it survives a crash of the process, as real services do. */
export interface SimulatedServiceFile {
  /** `startType`: 'demand' when absent. */
  services: Record<string, SimulatedService>;
}

export interface SimulatedService {
  state: ServiceState;
  dependsOn?: string[];
  startType?: StartType;
}

export interface StateFileIo {
  read(path: string): Promise<string>;
  write(path: string, text: string): Promise<void>;
}

const nodeIo: StateFileIo = {
  read: (path) => nodeFs.readFile(path, 'utf8'),
  async write(path, text) {
    await nodeFs.writeFile(`${path}.tmp`, text);
    await nodeFs.rename(`${path}.tmp`, path);
  },
};

export function simulatedServices(stateFile: string, io: StateFileIo = nodeIo): ServiceControl {
  async function load(): Promise<SimulatedServiceFile> {
    return JSON.parse(await io.read(stateFile)) as SimulatedServiceFile;
  }
  async function entry(name: string) {
    const file = await load();
    const key = Object.keys(file.services).find((k) => k.toLowerCase() === name.toLowerCase());
    if (!key) throw new ServiceError(`service ${name} does not exist (1060)`, 1060);
    return { file, key };
  }
  async function update(name: string, change: Partial<SimulatedService>) {
    const { file, key } = await entry(name);
    file.services[key] = { ...file.services[key]!, ...change };
    await io.write(stateFile, `${JSON.stringify(file, null, 2)}\n`);
  }
  async function startTypeOf(name: string): Promise<StartType> {
    const { file, key } = await entry(name);
    return file.services[key]!.startType ?? 'demand';
  }
  async function runningDependents(name: string) {
    const file = await load();
    return Object.entries(file.services)
      .filter(([, s]) => s.state === 'running' && s.dependsOn?.some((d) => d.toLowerCase() === name.toLowerCase()))
      .map(([key]) => key);
  }
  return {
    kind: 'simulated',
    query: async (name) => {
      const { file, key } = await entry(name);
      return file.services[key]!.state;
    },
    async stop(name) {
      const blocking = await runningDependents(name);
      if (blocking.length > 0) throw new ServiceError(`cannot stop ${name}: running dependents ${blocking.join(', ')} (1051)`, 1051);
      await update(name, { state: 'stopped' });
    },
    async start(name) {
      if ((await startTypeOf(name)) === 'disabled') throw new ServiceError(`${name} is disabled (1058)`, 1058);
      await update(name, { state: 'running' });
    },
    runningDependents,
    startType: startTypeOf,
    setStartType: (name, startType) => update(name, { startType }),
  };
}
