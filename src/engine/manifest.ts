import { join, relative } from 'node:path';
import { Accounting, relativeTo } from './accounting.js';
import type { Action, ActionStatus, RunContext } from './actions/action.js';
import { textLines } from '../platform/text-lines.js';
import { fmt } from '../numbers.js';
import { slices } from './slices.js';
import { fsError, type Digest, type Fs } from '../platform/fs.js';
import type { World } from './world.js';

export interface ManifestEntry {
  /** Paths relative to the run's base folder (the Windows folder), so a re-mounted image still verifies. */
  path: string;
  places: string[];
  size: number;
  sha256: string;
}

const MANIFEST = 'manifest.jsonl';
/** One file per group of moves, named by the group's first action, written just before the group moves. */
export const GROUPS = 'manifest.d';
/** Files hashed per call: enough to keep two cores busy, few enough to hold their entries in memory. */
const SLICE = 2048;

async function filesUnder(fs: Fs, dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(dir)) {
    // Its lossy name may be another file's: refused, never recorded as that one (the plan refuses it first).
    if (entry.undecodable) throw new Error(`${join(dir, entry.undecodable)} is not a valid UTF-8 name; rename it by hand`);
    const path = join(dir, entry.name);
    if (entry.kind === 'dir') out.push(...(await filesUnder(fs, path)));
    else if (entry.kind === 'file') out.push(path);
  }
  return out;
}

/** Each file inside a renamed folder, with where it must be found after the run. Moved files have their own records (GroupManifests). */
async function filesInRenamedFolders(fs: Fs, actions: readonly Action[]): Promise<Map<string, string[]>> {
  const places = new Map<string, string[]>();
  for (const a of actions.filter((a) => a.kind === 'rename-dir')) {
    for (const file of await filesUnder(fs, a.from)) places.set(file, [join(a.to, relative(a.from, file))]);
  }
  return places;
}

export function manifestLine(base: string, path: string, places: readonly string[], digest: Digest): string {
  const entry: ManifestEntry = { path: relativeTo(base, path), places: places.map((p) => relativeTo(base, p)), size: digest.size, sha256: digest.sha256 };
  return `${JSON.stringify(entry)}\n`;
}

export async function manifestStatus(world: World, run: RunContext): Promise<ActionStatus> {
  return (await world.fs.lstat(join(run.runDir, MANIFEST))) ? 'applied' : 'pending';
}

export async function writeManifest(world: World, run: RunContext): Promise<{ files: number }> {
  const { fs } = world;
  const partial = join(run.runDir, `${MANIFEST}.partial`);
  // The run folder is this run's own (createRun made it, a new name): a file left in it is the tool's.
  if (await fs.lstat(partial)) await fs.removeFile(partial);
  const touched = await filesInRenamedFolders(fs, run.actions);
  const out = await fs.openAppend(partial);
  try {
    // Hashed and written a slice at a time, so 100,000 entries are never all in memory at once.
    for (const slice of slices(touched, SLICE)) {
      const digests = await fs.digests(slice.map(([path]) => path));
      const lines = slice.map(([path, places], k) => {
        const digest = digests[k];
        if (!digest) throw fsError('ENOENT', `${path} is no longer a regular file`);
        return manifestLine(run.base, path, places, digest);
      });
      await out.append(lines.join(''));
    }
    await out.sync();
  } finally {
    await out.close();
  }
  await fs.rename(partial, join(run.runDir, MANIFEST));
  await fs.syncDir(run.runDir);
  return { files: touched.size };
}

async function* entriesOf(fs: Fs, file: string): AsyncIterable<ManifestEntry> {
  for await (const line of textLines(fs, file)) {
    if (line.trim()) yield JSON.parse(line) as ManifestEntry;
  }
}

/**
 * manifest.jsonl, then the group records in the order of their groups. A run begun by a version before
 * manifest.d recorded every move in manifest.jsonl; resumed by this one, its groups not yet started were
 * recorded again in manifest.d. The first record of a file is the one kept: it is the older.
 */
export async function* readManifest(fs: Fs, runDir: string): AsyncIterable<ManifestEntry> {
  const folder = join(runDir, GROUPS);
  const groups = (await fs.lstat(folder))?.kind === 'dir' ? (await fs.readdir(folder)).filter((e) => e.kind === 'file' && e.name.endsWith('.jsonl')) : [];
  // Only the files of renamed folders in a run of this version: a handful.
  const recorded = new Set<string>();
  // A missing manifest.jsonl is no error here: verify finds the files it would have accounted for.
  const main = (await fs.lstat(join(runDir, MANIFEST)))?.kind === 'file' ? entriesOf(fs, join(runDir, MANIFEST)) : [];
  for await (const entry of main) {
    recorded.add(entry.path);
    yield entry;
  }
  for (const file of groups.map((e) => join(folder, e.name)).sort()) {
    for await (const entry of entriesOf(fs, file)) if (!recorded.has(entry.path)) yield entry;
  }
}

export interface VerifyReport {
  files: number;
  problems: string[];
  /** What verify could not check, or where it took its list from. */
  notes?: string[];
}

/**
 * Every file of the manifest must be in each of its planned places with the same bytes. `verified`:
 * places already hashed with their recorded bytes since their last change (see HashAhead); the rest are
 * hashed here. `moved`: the run's actions, when known: every file they moved must have a record.
 */
export async function verifyManifest(
  fs: Fs,
  runDir: string,
  base: string,
  verified: ReadonlySet<string> = new Set(),
  moved?: readonly Action[],
): Promise<VerifyReport> {
  const accounting = moved && new Accounting(base, moved);
  const problems: string[] = [];
  let files = 0;
  let places: Array<{ entry: ManifestEntry; place: string; path: string }> = [];
  const check = async () => {
    const digests = await fs.digests(places.map(({ path }) => path));
    places.forEach(({ entry, place }, k) => {
      const digest = digests[k];
      if (!digest) problems.push(`missing: ${place} (was ${entry.path})`);
      else if (digest.sha256 !== entry.sha256) problems.push(`changed: ${place} (sha256 differs from ${entry.path})`);
    });
    places = [];
  };
  for await (const entry of readManifest(fs, runDir)) {
    files++;
    accounting?.record(entry);
    for (const place of entry.places) {
      const path = join(base, place);
      if (!verified.has(path)) places.push({ entry, place, path });
    }
    if (places.length >= SLICE) await check();
  }
  await check();
  const unaccounted = (await accounting?.unaccounted(fs)) ?? [];
  if (unaccounted.length)
    problems.unshift(
      `unaccounted: ${fmt(unaccounted.length)} file(s) the run moved have no manifest record (manifest.d/ or manifest.jsonl deleted or incomplete), e.g. ${unaccounted.slice(0, 3).join(', ')}`,
    );
  return { files, problems };
}
