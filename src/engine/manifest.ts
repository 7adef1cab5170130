import { join, relative } from 'node:path';
import { Accounting } from './accounting.js';
import type { Action, ActionStatus, RunContext } from './actions/action.js';
import { textLines } from '../platform/text-lines.js';
import { fmt } from '../numbers.js';
import { slices } from './slices.js';
import { fsError, type Digest, type FileInfo, type Fs } from '../platform/fs.js';
import type { World } from './world.js';
import { isListed, manifestLine, parseManifestEntry, type Listing, type ManifestEntry } from './manifest-entry.js';
import { placeProblems, type Place } from './manifest-check.js';

export { manifestLine, type ManifestEntry } from './manifest-entry.js';

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

/** Where a file inside a renamed folder must be found after the run, and whether its folder is proved by listing. */
type Touched = { places: string[]; listed: boolean };

/** Each file inside a renamed folder. Moved files have their own records (GroupManifests). */
async function filesInRenamedFolders(fs: Fs, actions: readonly Action[]): Promise<Map<string, Touched>> {
  const touched = new Map<string, Touched>();
  for (const a of actions.flatMap((a) => (a.kind === 'rename-dir' ? [a] : []))) {
    const listed = a.proof === 'listing';
    for (const file of await filesUnder(fs, a.from)) touched.set(file, { places: [join(a.to, relative(a.from, file))], listed });
  }
  return touched;
}

const listingOf = (info: FileInfo | undefined): Listing | undefined => (info?.kind === 'file' ? { size: info.size, mtimeMs: info.mtimeMs } : undefined);

/** Each file's proof: its digest, or for a folder proved by listing its size and modification time (never read). */
async function proofsOf(fs: Fs, files: ReadonlyArray<[string, Touched]>): Promise<Array<Digest | Listing>> {
  const hashed = files.flatMap(([path, { listed }]) => (listed ? [] : [path]));
  const digests = hashed.length ? await fs.digests(hashed) : [];
  let next = 0;
  const proofs: Array<Digest | Listing> = [];
  for (const [path, { listed }] of files) {
    const proof = listed ? listingOf(await fs.lstat(path)) : digests[next++];
    if (!proof) throw fsError('ENOENT', `${path} is no longer a regular file`);
    proofs.push(proof);
  }
  return proofs;
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
    // Proved and written a slice at a time, so 100,000 entries are never all in memory at once.
    for (const slice of slices(touched, SLICE)) {
      const proofs = await proofsOf(fs, slice);
      await out.append(slice.map(([path, { places }], k) => manifestLine(run.base, path, places, proofs[k] as Digest | Listing)).join(''));
    }
    await out.sync();
  } finally {
    await out.close();
  }
  await fs.rename(partial, join(run.runDir, MANIFEST));
  await fs.syncDir(run.runDir);
  return { files: touched.size };
}

/** A line that is not an entry (no proof, two, not JSON) is refused as damaged: a JournalError. */
async function* entriesOf(fs: Fs, file: string): AsyncIterable<ManifestEntry> {
  let n = 0;
  for await (const line of textLines(fs, file)) {
    n++;
    if (line.trim()) yield parseManifestEntry(line, `${file} line ${n}`);
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
  /** Of `files`, those proved by listing (size and modification time), when there are any. */
  listed?: number;
  problems: string[];
  /** What verify could not check, or where it took its list from. */
  notes?: string[];
}

/**
 * Every file of the manifest must be in each of its planned places with the same bytes, or for a listed
 * entry the same size and modification time. `verified`: places already hashed with their recorded bytes
 * since their last change (see HashAhead); the rest are checked here. `moved`: the run's actions, when
 * known: every file they moved, and every file now in a renamed folder, must have a record.
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
  let [files, listed] = [0, 0];
  let places: Place[] = [];
  const check = async () => {
    problems.push(...(await placeProblems(fs, places)));
    places = [];
  };
  for await (const entry of readManifest(fs, runDir)) {
    files++;
    if (isListed(entry)) listed++;
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
      `unaccounted: ${fmt(unaccounted.length)} file(s) the run moved have no manifest record (manifest.d/ or manifest.jsonl deleted or incomplete, or a file put into a renamed folder since), e.g. ${unaccounted.slice(0, 3).join(', ')}`,
    );
  return { files, ...(listed ? { listed } : {}), problems };
}

/**
 * After a rollback: every file of the manifest back at the path it had before the run, with the bytes (or
 * for a listed entry the size and modification time) recorded then. A difference is no rollback error: the
 * file was changed while it was set aside, and the admin is told which.
 */
export async function verifyRestored(fs: Fs, runDir: string, base: string): Promise<VerifyReport> {
  const problems: string[] = [];
  let files = 0;
  const places: Place[] = [];
  for await (const entry of readManifest(fs, runDir)) {
    files++;
    places.push({ entry, place: entry.path, path: join(base, entry.path) });
    if (places.length >= SLICE) problems.push(...(await placeProblems(fs, places.splice(0))));
  }
  problems.push(...(await placeProblems(fs, places)));
  return { files, problems };
}
