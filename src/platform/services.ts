export type ServiceState = 'stopped' | 'start-pending' | 'stop-pending' | 'running' | 'paused';

/** When a service starts: the values of `sc config <name> start= <value>`. */
export type StartType = 'boot' | 'system' | 'auto' | 'delayed-auto' | 'demand' | 'disabled';

export const START_TYPES: readonly StartType[] = ['boot', 'system', 'auto', 'delayed-auto', 'demand', 'disabled'];

export const isStartType = (v: unknown): v is StartType => START_TYPES.includes(v as StartType);

/** Service control. `offline` means a mounted image: nothing runs, so there is nothing to control. */
export interface ServiceControl {
  readonly kind: 'offline' | 'simulated' | 'sc';
  query(name: string): Promise<ServiceState>;
  /** Stops the service and waits until it is stopped (or throws). */
  stop(name: string): Promise<void>;
  /** Starts the service and waits until it runs (or throws). */
  start(name: string): Promise<void>;
  /** Dependents that are running now and would block a stop. */
  runningDependents(name: string): Promise<string[]>;
  /** The configured start type (the registry's, not whether it runs). */
  startType(name: string): Promise<StartType>;
  /** Sets the start type; it lasts until set again, across reboots. */
  setStartType(name: string, type: StartType): Promise<void>;
}

export class ServiceError extends Error {
  constructor(
    message: string,
    readonly win32Code?: number,
  ) {
    super(message);
    this.name = 'ServiceError';
  }
}

export function offlineServices(): ServiceControl {
  const refuse = async (): Promise<never> => {
    throw new ServiceError('offline image: services are not running and cannot be controlled');
  };
  return {
    kind: 'offline',
    query: refuse,
    stop: refuse,
    start: refuse,
    runningDependents: async () => [],
    startType: refuse,
    setStartType: refuse,
  };
}
