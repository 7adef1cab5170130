import { join, relative } from 'node:path';
import type { Action, ActionStatus } from './actions/action.js';
import type { RunContext } from './actions/handlers.js';
import { mapLimit } from './concurrency.js';
import { textLines } from '../platform/text-lines.js';
import type { Fs } from '../platform/fs.js';
import type { World } from './world.js';

export interface ManifestEntry {
  /** Paths relative to the run's base folder (the Windows folder), so a re-mounted image still verifies. */
  path: string;
  places: string[];
  size: number;
  sha256: string;
}

const MANIFEST = 'manifest.jsonl';
const HASHING_IN_FLIGHT = 16;

async function filesUnder(fs: Fs, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir)) {
    const path = join(dir, entry.name);
    if (entry.kind === 'dir') out.push(...(await filesUnder(fs, path)));
    else out.push(path);
  }
  return out;
}

/** Each touched file with the places it must be found at after the run. */
async function touchedFiles(fs: Fs, actions: readonly Action[]): Promise<Map<string, string[]>> {
  const places = new Map<string, string[]>();
  const byPlace = new Map<string, string[]>();
  for (const a of actions) {
    if (a.kind === 'move-file') {
      const list = [a.to];
      places.set(a.from, list);
      byPlace.set(a.to, list);
    } else if (a.kind === 'rename-dir') {
      for (const file of await filesUnder(fs, a.from)) places.set(file, [join(a.to, relative(a.from, file))]);
    } else if (a.kind === 'copy-file') {
      byPlace.get(a.from)?.push(a.to);
    }
  }
  return places;
}

export async function manifestStatus(world: World, run: RunContext): Promise<ActionStatus> {
  return (await world.fs.lstat(join(run.runDir, MANIFEST))) ? 'applied' : 'pending';
}

export async function writeManifest(world: World, run: RunContext): Promise<{ files: number }> {
  const { fs } = world;
  const partial = join(run.runDir, `${MANIFEST}.partial`);
  if (await fs.lstat(partial)) await fs.removeFile(partial);
  const touched = [...(await touchedFiles(fs, run.actions))];
  const out = await fs.openAppend(partial);
  try {
    // Hashed and written a slice at a time, so 100,000 entries are never all in memory at once.
    for (let i = 0; i < touched.length; i += 1000) {
      const entries = await mapLimit(touched.slice(i, i + 1000), HASHING_IN_FLIGHT, async ([path, places]): Promise<ManifestEntry> => ({
        path: relative(run.base, path),
        places: places.map((p) => relative(run.base, p)),
        size: (await fs.lstat(path))?.size ?? -1,
        sha256: await fs.sha256(path),
      }));
      await out.append(entries.map((e) => `${JSON.stringify(e)}\n`).join(''));
    }
    await out.sync();
  } finally {
    await out.close();
  }
  await fs.rename(partial, join(run.runDir, MANIFEST));
  return { files: touched.length };
}

export async function* readManifest(fs: Fs, runDir: string): AsyncIterable<ManifestEntry> {
  for await (const line of textLines(fs, join(runDir, MANIFEST))) {
    if (line.trim()) yield JSON.parse(line) as ManifestEntry;
  }
}

export interface VerifyReport {
  files: number;
  problems: string[];
}

/** Every file of the manifest must be in each of its planned places with the same bytes. */
export async function verifyManifest(fs: Fs, runDir: string, base: string): Promise<VerifyReport> {
  const entries: ManifestEntry[] = [];
  const problems: string[] = [];
  const check = async (entry: ManifestEntry) => {
    for (const place of entry.places) {
      const path = join(base, place);
      const info = await fs.lstat(path);
      if (info?.kind !== 'file') problems.push(`missing: ${place} (was ${entry.path})`);
      else if ((await fs.sha256(path)) !== entry.sha256) problems.push(`changed: ${place} (sha256 differs from ${entry.path})`);
    }
  };
  let files = 0;
  for await (const entry of readManifest(fs, runDir)) {
    entries.push(entry);
    files++;
    if (entries.length >= 4096) await mapLimit(entries.splice(0), HASHING_IN_FLIGHT, check);
  }
  await mapLimit(entries, HASHING_IN_FLIGHT, check);
  return { files, problems };
}
