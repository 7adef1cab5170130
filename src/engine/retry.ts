import { errorCode } from '../platform/fs.js';
import type { World } from './world.js';

const TRANSIENT = new Set(['EBUSY', 'EPERM', 'EACCES']);

/**
 * Retries fn on sharing violations with doubling delays; any other error, or the last one, is thrown.
 * `beforeRetry` runs after each delay, just before the next attempt (an error it throws is thrown).
 */
export async function retryBusy<T>(world: World, fn: () => Promise<T>, beforeRetry?: () => Promise<void>): Promise<T> {
  let delay = world.retry.firstDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      if (attempt >= world.retry.attempts || !TRANSIENT.has(errorCode(error) ?? '')) throw error;
      await world.clock.sleep(delay);
      delay *= 2;
      await beforeRetry?.();
    }
  }
}
