import type { Clock } from '../platform/clock.js';
import type { Fs } from '../platform/fs.js';
import type { ProcessRunner } from '../platform/processes.js';
import type { ServiceControl } from '../platform/services.js';

/** Everything with side effects the engine may use, injected so tests can swap any of it. */
export interface World {
  fs: Fs;
  services: ServiceControl;
  processes: ProcessRunner;
  clock: Clock;
  retry: RetryPolicy;
}

/** Antivirus and indexers hold files open for a moment; renames are retried this long. */
export interface RetryPolicy {
  attempts: number;
  firstDelayMs: number;
}

export const defaultRetry: RetryPolicy = { attempts: 5, firstDelayMs: 200 };
