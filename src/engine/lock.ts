import { basename, dirname, join } from 'node:path';
import { RunInProgressError } from '../errors.js';
import { errorCode, type Fs } from '../platform/fs.js';
import type { World } from './world.js';

export interface Lock {
  release(): Promise<void>;
}

interface Holder {
  pid: number;
  host: string;
  at: string;
}

type Me = { pid: number; host: string };

/** Where a holder is written whole before it becomes the lock: one name per host and process. */
const tempName = (path: string, me: Me) => `${path}.${me.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${me.pid}.tmp`;

/**
 * One run at a time: the holder is written to a temporary file, fsynced, then hard-linked to the lock's
 * name. link() never replaces a file, and the lock never exists half-written, so a lock that cannot be
 * read is damaged, not being written: it is judged stale like the lock of a process that is gone.
 */
export async function acquireLock(world: World, path: string, me: Me): Promise<Lock> {
  const { fs } = world;
  const temp = tempName(path, me);
  // A file under this name was left by an earlier process with this pid on this host: this one is alive now.
  if (await fs.lstat(temp)) await fs.removeFile(temp);
  try {
    await fs.createFile(temp, `${JSON.stringify({ ...me, at: world.clock.now().toISOString() } satisfies Holder)}\n`);
  } catch (error) {
    // A holder that could not be written whole is removed by its writer; the first error is the one to report.
    await removeIfThere(fs, temp).catch(() => undefined);
    throw error;
  }
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await fs.link(temp, path);
        await sweepDeadTemps(world, path, me);
        return { release: () => fs.removeFile(path) };
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const seen = await readIfThere(fs, path);
      const other = seen && parseHolder(seen);
      if (other && (other.host !== me.host || world.processes.isAlive(other.pid))) {
        throw new RunInProgressError(`another catroot-repair run holds ${path} (process ${other.pid} on ${other.host} since ${other.at})`, 'Wait for it to finish; if you are sure no run is active, remove that lock file.');
      }
      if (seen) await takeStale(fs, path, seen, temp);
    }
    throw new RunInProgressError(`could not take the lock ${path}: another run took it first`);
  } finally {
    await removeIfThere(fs, temp);
  }
}

function parseHolder(bytes: Buffer): Holder | undefined {
  try {
    const holder = JSON.parse(bytes.toString('utf8')) as Partial<Holder> | null;
    return typeof holder?.pid === 'number' && typeof holder.host === 'string' ? (holder as Holder) : undefined;
  } catch {
    return undefined;
  }
}

async function readIfThere(fs: Fs, path: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(path);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes a stale lock, but only the one judged: it is first renamed aside, then read again. Another run
 * may have taken over the same stale lock between the read and the rename; its fresh lock is put back.
 */
async function takeStale(fs: Fs, path: string, judged: Buffer, temp: string): Promise<void> {
  const aside = `${temp}.stale`;
  try {
    await fs.rename(path, aside);
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return;
    throw error;
  }
  const taken = await readIfThere(fs, aside);
  if (!taken) return;
  if (!taken.equals(judged)) {
    await fs.rename(aside, path);
    throw new RunInProgressError(`another catroot-repair run took over ${path} while this one did`, 'Wait for it to finish.');
  }
  await fs.removeFile(aside);
}

async function removeIfThere(fs: Fs, path: string): Promise<void> {
  try {
    await fs.removeFile(path);
  } catch (error) {
    if (errorCode(error) !== 'ENOENT') throw error;
  }
}

/**
 * Left behind by processes on this host that are gone (killed between writing and removing them): their
 * temporary holders, and stale locks they had set aside. A set-aside lock that is unreadable was damaged.
 */
async function sweepDeadTemps(world: World, path: string, me: Me): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const entry of await world.fs.readdir(dirname(path))) {
    const aside = entry.name.endsWith('.tmp.stale');
    if (entry.kind !== 'file' || !entry.name.startsWith(prefix) || !(aside || entry.name.endsWith('.tmp'))) continue;
    const file = join(dirname(path), entry.name);
    const bytes = file === tempName(path, me) ? undefined : await readIfThere(world.fs, file);
    if (!bytes) continue;
    const holder = parseHolder(bytes);
    const dead = holder !== undefined && holder.host === me.host && !world.processes.isAlive(holder.pid);
    if (aside ? holder === undefined || dead : dead && file === tempName(path, holder)) await removeIfThere(world.fs, file);
  }
}
