import type { MapFs } from './map-fs.js';

/** The folders (by identity) whose entries a change of names touched. */
type Touches = { dirs: object[] };
export type LoggedOp =
  /** `id`: the folder's identity (its inode): a folder that survives a power loss keeps it. */
  | ({ op: 'mkdir'; path: string; id?: number } & Touches)
  /** `synced`: the new file's bytes are durable (createFile and copyFile fsync them); its name is not. */
  | ({ op: 'create'; path: string; data: Buffer; synced: boolean } & Touches)
  | ({ op: 'rename'; from: string; to: string } & Touches)
  | ({ op: 'unlink' | 'rmdir'; path: string } & Touches)
  | { op: 'append'; path: string; data: Buffer }
  | { op: 'fsync'; path: string }
  | { op: 'syncdir'; dir: object };

/**
 * What survives of what was not certain: nothing; a seeded random choice; or everything but the oldest
 * uncertain change of names (the one an fsync to come was meant to make durable first).
 */
export type Survival = { kind: 'lose-all' } | { kind: 'random'; seed: number } | { kind: 'all-but-oldest' };

/** mulberry32: a small seeded generator, so a failing case is the same failing case every time. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** For each logged change of names: certain, because every folder it touched was fsynced after it. */
function certainChanges(log: readonly LoggedOp[]): boolean[] {
  const synced = new Set<object>();
  const certain = new Array<boolean>(log.length).fill(false);
  for (let i = log.length - 1; i >= 0; i--) {
    const op = log[i] as LoggedOp;
    if (op.op === 'syncdir') synced.add(op.dir);
    else if ('dirs' in op) certain[i] = op.dirs.every((d) => synced.has(d));
  }
  return certain;
}

/** Moves the record of unsynced bytes with a rename: of the file itself, or of every file under a folder. */
function moveUnsynced(unsynced: Map<string, number>, from: string, to: string) {
  for (const [path, kept] of [...unsynced]) {
    if (path !== from && !path.startsWith(`${from}/`)) continue;
    unsynced.delete(path);
    unsynced.set(to + path.slice(from.length), kept);
  }
}

/** Replays one change of names on the image; false when its precondition is gone (it is lost). */
async function replayName(image: MapFs, op: Exclude<LoggedOp, { op: 'append' | 'fsync' | 'syncdir' }>, unsynced: Map<string, number>): Promise<boolean> {
  try {
    if (op.op === 'mkdir') image.mkdirWithId(op.path, op.id);
    else if (op.op === 'create') await image.createFile(op.path, op.data);
    else if (op.op === 'rename') await image.rename(op.from, op.to);
    else if (op.op === 'unlink') await image.removeFile(op.path);
    else await image.removeEmptyDir(op.path);
  } catch {
    return false;
  }
  if (op.op === 'create' && !op.synced) unsynced.set(op.path, 0);
  if (op.op === 'rename') moveUnsynced(unsynced, op.from, op.to);
  if (op.op === 'unlink') unsynced.delete(op.path);
  return true;
}

/**
 * The disk after a power loss: the durable image, then the log replayed in order, keeping every certain
 * change of names and, of the others, what `survival` chooses; then each file cut back to its fsynced bytes
 * plus what `survival` keeps of the rest (none, half, all).
 */
export async function crashImage(durable: MapFs, log: readonly LoggedOp[], survival: Survival): Promise<MapFs> {
  const image = durable.clone();
  const certain = certainChanges(log);
  const draw = survival.kind === 'random' ? seeded(survival.seed) : () => 1;
  const oldest = survival.kind === 'all-but-oldest' ? certain.findIndex((sure, i) => !sure && 'dirs' in (log[i] as LoggedOp)) : -1;
  // Files whose bytes are not all fsynced: path -> how many bytes are durable.
  const unsynced = new Map<string, number>();
  for (const [i, op] of log.entries()) {
    if (op.op === 'syncdir') continue;
    if (op.op === 'fsync') {
      unsynced.delete(op.path);
    } else if (op.op === 'append') {
      const node = image.nodes.get(op.path);
      if (node?.kind !== 'file') continue;
      if (!unsynced.has(op.path)) unsynced.set(op.path, node.data.length);
      image.nodes.set(op.path, { kind: 'file', data: Buffer.concat([node.data, op.data]) });
    } else if (certain[i] || (oldest >= 0 ? i !== oldest : draw() < 0.5)) {
      await replayName(image, op, unsynced);
    }
  }
  for (const [path, durableBytes] of unsynced) {
    const node = image.nodes.get(path);
    if (node?.kind !== 'file') continue;
    const extra = node.data.length - durableBytes;
    const kept = survival.kind === 'random' ? ([0, Math.floor(extra / 2), extra][Math.floor(draw() * 3)] as number) : survival.kind === 'lose-all' ? 0 : extra;
    image.nodes.set(path, { kind: 'file', data: node.data.subarray(0, durableBytes + kept) });
  }
  return image;
}
