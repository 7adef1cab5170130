import type { Action } from '../engine/actions/action.js';
import type { Fs, Entry } from '../platform/fs.js';
import type { ServiceControl } from '../platform/services.js';
import type { Layout } from '../platform/windows-paths.js';

export interface InstallerSpec {
  file: string;
  args: string[];
  timeoutMs: number;
}

/** What the catalog store looks like right now: the facts the file steps plan from. */
export interface Survey {
  catalogEntries: Entry[];
  /** CatRoot's entries, to pick backup and catroot2.old names that are free. */
  catrootEntries: Entry[];
  /** The entries of every existing backup folder (backup, backup-2, ...), by folder name. */
  backups: Record<string, Entry[] | 'not-a-folder'>;
  system32Entries: Entry[];
  /** A repair of this system finished earlier and was not rolled back. */
  priorRepair: boolean;
}

export interface RepairChoices {
  /** component-store: DISM's repair source (`/Source:<it> /LimitAccess`). */
  dismSource?: string;
  /** wu-reset: set the stopped services' start type to disabled for the run, restored after it. */
  holdServices?: boolean;
}

export interface RepairContext {
  fs: Fs;
  services: ServiceControl;
  layout: Layout;
  installer?: InstallerSpec;
  choices: RepairChoices;
  survey(): Promise<Survey>;
  /** The run whose finished repair stands while the service pack has not succeeded since it, if there is one. */
  retryPendingAfter(): Promise<string | undefined>;
}

export const CRYPTSVC = 'CryptSvc';

/** "CryptSvc, Netman": the services the actions stop or start, in their order. */
export function serviceNames(actions: readonly Action[]): string {
  return actions.flatMap((a) => (a.kind === 'stop-service' || a.kind === 'start-service' ? [a.name] : [])).join(', ');
}

export function entryNamed(entries: readonly Entry[], name: string): Entry | undefined {
  const upper = name.toUpperCase();
  return entries.find((e) => e.name.toUpperCase() === upper);
}
