import { join, relative } from 'node:path';
import type { Fs } from '../../src/platform/fs.js';

/** sha256 of one regular file; a missing file or a link is an error, as reading it would be. */
export async function sha256Of(fs: Pick<Fs, 'digests'>, path: string): Promise<string> {
  const [digest] = await fs.digests([path]);
  if (!digest) throw new Error(`no regular file at ${path}`);
  return digest.sha256;
}

/** Relative path -> sha256 (files), 'dir' or 'link': equal snapshots mean equal trees, names and bytes. */
export async function snapshot(fs: Fs, root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const entry of await fs.readdir(dir)) {
      const path = join(dir, entry.name);
      const rel = relative(root, path);
      if (entry.kind === 'dir') {
        out[rel] = 'dir';
        await walk(path);
      } else out[rel] = entry.kind === 'file' ? await sha256Of(fs, path) : entry.kind;
    }
  };
  await walk(root);
  return out;
}

/** The part of a snapshot under `prefix`, by path relative to it. */
export const under = (tree: Record<string, string>, prefix: string): Record<string, string> =>
  Object.fromEntries(Object.entries(tree).flatMap(([p, v]) => (p.startsWith(`${prefix}/`) ? [[p.slice(prefix.length + 1), v]] : [])));

/** How many times each original file's bytes appear anywhere in the tree now. */
export function copiesOf(original: Record<string, string>, now: Record<string, string>, under: string): Map<string, number> {
  const seen = new Map<string, number>();
  for (const hash of Object.values(now)) seen.set(hash, (seen.get(hash) ?? 0) + 1);
  const counts = new Map<string, number>();
  for (const [path, hash] of Object.entries(original)) {
    if (hash !== 'dir' && path.startsWith(under)) counts.set(path, seen.get(hash) ?? 0);
  }
  return counts;
}
