import type { Action } from '../../src/engine/actions/action.js';
import type { ServiceState } from '../../src/platform/services.js';

/** Running dependents first (sc refuses with 1051 otherwise), then the service itself unless it is stopped already. */
export function stopActions(service: string, state: ServiceState, dependents: readonly string[]): Action[] {
  const stops = dependents.map((name): Action => ({ kind: 'stop-service', name }));
  return state === 'stopped' ? stops : [...stops, { kind: 'stop-service', name: service }];
}

/** Once earlier steps changed files or folders: the service, then the dependents they stopped, in their order. */
export function startWhatWasStopped(service: string, earlier: readonly Action[]): Action[] {
  if (!earlier.some((a) => a.kind === 'move-file' || a.kind === 'rename-dir' || a.kind === 'make-dir')) return [];
  const stoppedDependents = earlier.flatMap((a) => (a.kind === 'stop-service' && a.name !== service ? [a.name] : []));
  return [service, ...stoppedDependents].map((name): Action => ({ kind: 'start-service', name }));
}

/** "stop Netman, stop CryptSvc": a service step's plan line. */
export function serviceLine(actions: readonly Action[], verb: 'stop' | 'start'): string {
  return actions
    .flatMap((a) => ((a.kind === 'stop-service' || a.kind === 'start-service') && a.kind === `${verb}-service` ? [`${verb} ${a.name}`] : []))
    .join(', ');
}
