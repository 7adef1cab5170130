import type { Entry, Fs } from '../platform/fs.js';
import type { Layout } from '../platform/windows-paths.js';
import { isHotfixCatalog } from './hotfix-catalogs.js';
import { textLines, type LineStats } from '../platform/text-lines.js';
import { setupapiHits, windowsUpdateHits } from './other-logs.js';
import { readSvcpackSessions, type LogHit, type SvcpackSession } from './svcpack-log.js';

/**
 * affected: the latest service-pack session failed with 0xfffffbfe (or setupapi.log says so and svcpack.log has no session).
 * resolved: an earlier session failed that way, but the latest one succeeded.
 * not-affected: no 0xfffffbfe anywhere: a different problem.
 */
export type Verdict = 'affected' | 'resolved' | 'not-affected';

export interface Diagnosis {
  verdict: Verdict;
  latestSession?: SvcpackSession;
  svcpack: LogHit[];
  setupapi: LogHit[];
  windowsUpdate: LogHit[];
  logsRead: string[];
  /** Logs with lines longer than MAX_LINE: only each line's start was read. */
  cutLines?: Array<{ file: string } & LineStats>;
  catalogs: { kb: number; q: number; tmp: number; total: number };
  catroot2Exists: boolean;
}

async function exists(fs: Fs, path: string) {
  return (await fs.lstat(path))?.kind === 'file';
}

/** `catalogEntries`: the catalog folder's listing when the caller has just read it (100,000 names are read once). */
export async function diagnose(fs: Fs, layout: Layout, catalogEntries?: readonly Entry[]): Promise<Diagnosis> {
  const { svcpack, setupapi, windowsUpdate } = layout.logs;
  const logsRead: string[] = [];
  const cutLines: Array<{ file: string } & LineStats> = [];
  const read = async <T>(path: string, parse: (lines: AsyncIterable<string>) => Promise<T>, empty: T): Promise<T> => {
    if (!(await exists(fs, path))) return empty;
    logsRead.push(path);
    const stats: LineStats = { cutLines: 0, skippedChars: 0 };
    // NUL blocks (an unclean shutdown) are dropped: the text after one is the next session.
    const result = await parse(textLines(fs, path, { stats, dropNul: true }));
    if (stats.cutLines) cutLines.push({ file: path, ...stats });
    return result;
  };
  const sessions = await read(svcpack, (l) => readSvcpackSessions(svcpack, l), [] as SvcpackSession[]);
  const setupapiFound = await read(setupapi, (l) => setupapiHits(setupapi, l), [] as LogHit[]);
  const wuFound = await read(windowsUpdate, (l) => windowsUpdateHits(windowsUpdate, l), [] as LogHit[]);
  const latestSession = sessions.at(-1);
  const everFailed = sessions.some((s) => s.hits.length > 0);
  const verdict: Verdict = latestSession?.hits.length
    ? 'affected'
    : everFailed && latestSession?.outcome === 'succeeded'
      ? 'resolved'
      : everFailed || (sessions.length === 0 && setupapiFound.length > 0)
        ? 'affected'
        : 'not-affected';
  const entries = catalogEntries ?? (await fs.readdir(layout.catalogDir));
  const files = entries.filter((e) => e.kind === 'file' && isHotfixCatalog(e.name)).map((e) => e.name.toUpperCase());
  return {
    verdict,
    latestSession,
    svcpack: sessions.flatMap((s) => s.hits).slice(-50),
    setupapi: setupapiFound,
    windowsUpdate: wuFound,
    logsRead,
    ...(cutLines.length ? { cutLines } : {}),
    catalogs: {
      kb: files.filter((n) => n.startsWith('KB')).length,
      q: files.filter((n) => n.startsWith('Q')).length,
      tmp: files.filter((n) => n.startsWith('TMP')).length,
      total: files.length,
    },
    catroot2Exists: (await fs.lstat(layout.catroot2))?.kind === 'dir',
  };
}
