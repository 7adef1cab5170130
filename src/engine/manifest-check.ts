import type { Digest, FileInfo, Fs } from '../platform/fs.js';
import { isListed, type HashedEntry, type ListedEntry, type ManifestEntry } from './manifest-entry.js';

/** One place a manifest entry must be found in: `place` as recorded, `path` on this disk. */
export interface Place {
  entry: ManifestEntry;
  place: string;
  path: string;
}

function hashProblem(entry: HashedEntry, place: string, digest: Digest | undefined): string | undefined {
  if (!digest) return `missing: ${place} (was ${entry.path})`;
  return digest.sha256 === entry.sha256 ? undefined : `changed: ${place} (sha256 differs from ${entry.path})`;
}

function listingProblem(entry: ListedEntry, place: string, info: FileInfo | undefined): string | undefined {
  if (info?.kind !== 'file') return `missing: ${place} (was ${entry.path})`;
  const same = info.size === entry.size && info.mtimeMs === entry.mtimeMs;
  return same ? undefined : `changed: ${place} (size or modification time differs from ${entry.path})`;
}

/**
 * The problems of these places, in their order: a hashed entry's place is hashed (all of them in one call,
 * on two cores on the real disk); a listed entry's place is only looked at (lstat), never read.
 */
export async function placeProblems(fs: Fs, places: readonly Place[]): Promise<string[]> {
  const hashed = places.flatMap((p, k) => (isListed(p.entry) ? [] : [k]));
  const digests = await fs.digests(hashed.map((k) => (places[k] as Place).path));
  const digestOf = new Map(hashed.map((k, i) => [k, digests[i]]));
  const problems: string[] = [];
  for (const [k, { entry, place, path }] of places.entries()) {
    const problem = isListed(entry) ? listingProblem(entry, place, await fs.lstat(path)) : hashProblem(entry, place, digestOf.get(k));
    if (problem) problems.push(problem);
  }
  return problems;
}
