import type { World } from '../world.js';
import type { Action } from './action.js';

/**
 * What to do before each retry of a rename that found its folder in use: stop again every holder that is
 * running now, since a service can be started again behind the run's back (by another service, or by a
 * watchdog) and take the folder back. Nothing for a rename without holders, or offline, where nothing runs.
 */
export function stopHoldersAgain(world: World, a: Action): (() => Promise<void>) | undefined {
  const holders = a.kind === 'rename-dir' ? (a.holders ?? []) : [];
  if (holders.length === 0 || world.services.kind === 'offline') return undefined;
  return async () => {
    for (const name of holders) if ((await world.services.query(name)) === 'running') await world.services.stop(name);
  };
}
