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

/** Tells the admin something the run did on its way (the CLI writes it to stderr). */
export type Note = (text: string) => void;

/** Where a holder is written whole before it becomes the lock: one name per host and process. */
const tempName = (path: string, me: Me) => `${path}.${me.host.replace(/[^A-Za-z0-9.-]/g, '_')}-${me.pid}.tmp`;

/**
 * One run at a time: the holder is written to a temporary file, fsynced, then hard-linked to the lock's
 * name. link() never replaces a file, and the lock never exists half-written, so a lock that cannot be
 * read is damaged, not being written: it is judged stale like the lock of a process that is gone. Only a
 * holder of a dead process on this host is provably the tool's own and removed; anything else found at the
 * lock's name (empty, unreadable, someone's text) is kept under `<lock>.damaged-N`, and `note` says where.
 */
export async function acquireLock(world: World, path: string, me: Me, note: Note = () => undefined): Promise<Lock> {
  const { fs } = world;
  const temp = tempName(path, me);
  // A file under this name was left by an earlier process with this pid on this host: this one is alive now.
  await removeIfThere(fs, temp);
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
        await sweepDeadTemps(world, path, me, note);
        return { release: () => fs.removeFile(path) };
      } catch (error) {
        if (errorCode(error) !== 'EEXIST') throw error;
      }
      const seen = await readIfThere(fs, path);
      const other = seen && parseHolder(seen);
      if (other && (other.host !== me.host || world.processes.isAlive(other.pid))) {
        throw new RunInProgressError(
          `another catroot-repair run holds ${path} (process ${other.pid} on ${other.host} since ${other.at})`,
          'Wait for it to finish; if you are sure no run is active, remove that lock file.',
        );
      }
      if (seen) await takeStale(fs, path, seen, temp, note);
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
 * Takes a stale lock away, but only the one judged: it is first renamed aside, then read again. Another run
 * may have taken over the same stale lock between the read and the rename; its fresh lock is put back.
 * The holder of a dead process is the tool's own and is removed; anything else is kept (`keepDamaged`).
 */
async function takeStale(fs: Fs, path: string, judged: Buffer, temp: string, note: Note): Promise<void> {
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
  if (parseHolder(taken)) await fs.removeFile(aside);
  else await keepDamaged(fs, aside, path, note);
}

/**
 * A file at the lock's name that the tool cannot prove it wrote: given the first free `<lock>.damaged-N`.
 * link() never replaces a file (a rename would, on POSIX), so an earlier one kept there is never clobbered;
 * then the set-aside name, which this tool gave it, is removed, and the bytes stay under the new name.
 */
async function keepDamaged(fs: Fs, file: string, path: string, note: Note): Promise<void> {
  for (let n = 1; ; n++) {
    const kept = `${path}.damaged-${n}`;
    try {
      await fs.link(file, kept);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') continue;
      throw error;
    }
    await fs.removeFile(file);
    note(`${path} held no catroot-repair lock (it was empty or not the tool's): judged stale, and kept as ${kept}`);
    return;
  }
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
 * temporary holders, and stale locks they had set aside, are removed. A set-aside file that holds no
 * holder is not provably the tool's: it is kept under `<lock>.damaged-N`.
 */
async function sweepDeadTemps(world: World, path: string, me: Me, note: Note): Promise<void> {
  const prefix = `${basename(path)}.`;
  for (const entry of await world.fs.readdir(dirname(path))) {
    const aside = entry.name.endsWith('.tmp.stale');
    if (entry.kind !== 'file' || !entry.name.startsWith(prefix) || !(aside || entry.name.endsWith('.tmp'))) continue;
    const file = join(dirname(path), entry.name);
    const bytes = file === tempName(path, me) ? undefined : await readIfThere(world.fs, file);
    if (!bytes) continue;
    const holder = parseHolder(bytes);
    const dead = holder !== undefined && holder.host === me.host && !world.processes.isAlive(holder.pid);
    if (aside && holder === undefined) await keepDamaged(world.fs, file, path, note);
    else if (dead && (aside || file === tempName(path, holder))) await removeIfThere(world.fs, file);
  }
}
