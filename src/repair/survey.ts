import { join } from 'node:path';
import type { Entry, Fs } from '../platform/fs.js';
import type { Layout } from '../platform/windows-paths.js';
import type { Survey } from './context.js';

export const BACKUP_NAME = /^backup(-\d+)?$/i;

/** Reads the catalog store once per plan; every step that needs it shares the same answer. */
export async function surveyStore(fs: Fs, layout: Layout, priorRepair: boolean, catalogListing?: readonly Entry[]): Promise<Survey> {
  const [catalogEntries, catrootEntries, system32Entries] = await Promise.all([
    catalogListing ? [...catalogListing] : fs.readdir(layout.catalogDir),
    fs.readdir(layout.catroot),
    fs.readdir(layout.system32),
  ]);
  const backups: Survey['backups'] = {};
  for (const entry of catrootEntries.filter((e) => BACKUP_NAME.test(e.name))) {
    backups[entry.name] = entry.kind === 'dir' ? await fs.readdir(join(layout.catroot, entry.name)) : 'not-a-folder';
  }
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  // Sorted, so the plan and its fingerprint do not depend on the order the disk lists names in.
  return {
    catalogEntries: catalogEntries.sort(byName),
    catrootEntries: catrootEntries.sort(byName),
    backups,
    system32Entries: system32Entries.sort(byName),
    priorRepair,
  };
}

export function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let value: Promise<T> | undefined;
  return () => (value ??= fn());
}
