import { JournalError } from '../errors.js';
import type { Digest } from '../platform/fs.js';
import { relativeTo } from './accounting.js';

interface Placed {
  /** Paths relative to the run's base folder (the Windows folder), so a re-mounted image still verifies. */
  path: string;
  places: string[];
  size: number;
}
/** A file proved by its bytes: every file moved one by one, and those of a folder renamed without `proof`. */
export interface HashedEntry extends Placed {
  sha256: string;
  mtimeMs?: never;
}
/** A file of a folder renamed with `proof: 'listing'`: proved by its listing (size, modification time), never hashed. */
export interface ListedEntry extends Placed {
  mtimeMs: number;
  sha256?: never;
}
export type ManifestEntry = HashedEntry | ListedEntry;

/** What a listing says of a file: the listing proof. */
export interface Listing {
  size: number;
  mtimeMs: number;
}

export const isListed = (entry: ManifestEntry): entry is ListedEntry => entry.mtimeMs !== undefined;

export function manifestLine(base: string, path: string, places: readonly string[], proof: Digest | Listing): string {
  const placed = { path: relativeTo(base, path), places: places.map((p) => relativeTo(base, p)), size: proof.size };
  const entry: ManifestEntry = 'sha256' in proof ? { ...placed, sha256: proof.sha256 } : { ...placed, mtimeMs: proof.mtimeMs };
  return `${JSON.stringify(entry)}\n`;
}

/** Why a parsed line is not an entry, or undefined when it is one: a proof is a sha256 or a listing, exactly one. */
function shapeProblem(v: Record<string, unknown>): string | undefined {
  if (typeof v.path !== 'string' || !Array.isArray(v.places) || !v.places.every((p) => typeof p === 'string')) return 'no path or places';
  if (!Number.isSafeInteger(v.size) || (v.size as number) < 0) return 'no size';
  const [hashed, listed] = [v.sha256 !== undefined, v.mtimeMs !== undefined];
  if (hashed === listed) return hashed ? 'both a sha256 and a modification time' : 'neither a sha256 nor a modification time';
  if (hashed && !(typeof v.sha256 === 'string' && /^[0-9a-f]{64}$/.test(v.sha256))) return 'a malformed sha256';
  return listed && !Number.isSafeInteger(v.mtimeMs) ? 'a malformed modification time' : undefined;
}

/** One line of a manifest, or a JournalError naming it (`where`: the file and line) when it is not an entry. */
export function parseManifestEntry(line: string, where: string): ManifestEntry {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    value = undefined;
  }
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const problem = isObject ? shapeProblem(value as Record<string, unknown>) : 'not a JSON object';
  if (problem)
    throw new JournalError(
      `${where} is damaged (${problem}): the run's proof cannot be trusted`,
      'Keep the run folder as it is for analysis; --rollback does not need the manifest.',
    );
  return value as ManifestEntry;
}
