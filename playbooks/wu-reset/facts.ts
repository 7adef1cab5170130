import { join } from 'node:path';
import { BadInputError } from '../../src/errors.js';
import type { Entry, Fs } from '../../src/platform/fs.js';
import { findChild } from '../../src/platform/windows-paths.js';
import type { RepairContext } from '../../src/repair/context.js';
import { freshName } from '../../steps/common/set-aside.js';
import { detectManagement, type Management } from './management.js';

/**
 * The BITS queue in ProgramData\Microsoft\Network\Downloader: qmgr0.dat and qmgr1.dat up to Windows 8.1;
 * from Windows 10, the ESE database qmgr.db with its checkpoint, logs and reserve logs.
 */
export const isBitsQueueFile = (name: string): boolean => /^(qmgr\d*\.dat|qmgr\.db|qmgr\.jfm|edb\.chk|edb\w*\.log|edbres\d+\.jrs)$/i.test(name);

/** Where the queue goes: always a folder of its own, new, beside the queue. */
export const QUEUE_BACKUP = 'qmgr-backup';

export interface WuFacts {
  /** False once a finished wu-reset run stands: a second run changes nothing. */
  renew: boolean;
  managed: Management[];
  queue?: { dir: string; files: string[]; aside: string };
  softwareDistribution?: { dir: string; entries: Entry[] };
  system32: string;
  system32Entries: Entry[];
}

async function folder(fs: Fs, dir: string, names: readonly string[]): Promise<string | undefined> {
  let at = dir;
  for (const name of names) {
    const entry = await findChild(fs, at, name).catch(() => undefined);
    if (entry?.kind !== 'dir') return undefined;
    at = join(at, entry.name);
  }
  return at;
}

async function readFacts(ctx: RepairContext): Promise<WuFacts> {
  const { fs, layout } = ctx;
  const survey = await ctx.survey();
  const programData = await fs.lstat(layout.programData);
  // A link or junction could lead anywhere: refused before anything changes, as a link in the catalog store is.
  if (programData && programData.kind !== 'dir')
    throw new BadInputError(`${layout.programData} is a ${programData.kind}, not a plain folder; refusing to follow it`);
  const downloader = programData ? await folder(fs, layout.programData, ['Microsoft', 'Network', 'Downloader']) : undefined;
  const queueEntries = downloader ? await fs.readdir(downloader) : [];
  // Regular files only: a link named like a queue file is never moved.
  const files = queueEntries
    .filter((e) => e.kind === 'file' && isBitsQueueFile(e.name))
    .map((e) => e.name)
    .sort();
  const sd = (await fs.lstat(layout.softwareDistribution))?.kind === 'dir' ? layout.softwareDistribution : undefined;
  return {
    renew: !survey.priorRepair,
    managed: await detectManagement(fs, layout.windir),
    ...(downloader && files.length ? { queue: { dir: downloader, files, aside: join(downloader, freshName(queueEntries, QUEUE_BACKUP)) } } : {}),
    ...(sd ? { softwareDistribution: { dir: sd, entries: await fs.readdir(sd) } } : {}),
    system32: layout.system32,
    system32Entries: survey.system32Entries,
  };
}

/** Several steps ask for these facts: each context reads them once. */
const read = new WeakMap<RepairContext, Promise<WuFacts>>();
export function wuFacts(ctx: RepairContext): Promise<WuFacts> {
  let facts = read.get(ctx);
  if (!facts) read.set(ctx, (facts = readFacts(ctx)));
  return facts;
}
