/** update.exe's svcpack.log: sessions open with a `YYYY/MM/DD HH:MM:SS.mmm (local)` line, after a `====` rule. */
export interface LogHit {
  file: string;
  line: number;
  text: string;
  /** The session's timestamp as the log wrote it. */
  session?: string;
}

export interface SvcpackSession {
  started: string;
  line: number;
  hits: LogHit[];
  outcome: 'failed' | 'succeeded' | 'unknown';
  extendedError?: string;
}

/** Lines before the first header (a truncated or hand-copied log) belong to a session whose start is unknown. */
export const BEFORE_FIRST_HEADER = '(before the first session header)';

const SESSION_START = /(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}(?:\.\d+)?) \(local\)/;
export const CATALOG_SIGNATURE = /(InstallSingleCatalogFile|InstallCatalogFile|MyInstallCatalog|InstallCatalog)\b.*error=0xfffffbfe|error=0xfffffbfe/i;
const EXTENDED_ERROR = /Update\.exe extended error code = (0x[0-9a-f]+)/i;
const SUCCESS = /completed successfully|installation completed|Service Pack \d+ Setup completed/i;

export async function readSvcpackSessions(file: string, lines: AsyncIterable<string>): Promise<SvcpackSession[]> {
  const sessions: SvcpackSession[] = [];
  let current: SvcpackSession | undefined;
  let n = 0;
  for await (const text of lines) {
    n++;
    const start = SESSION_START.exec(text);
    if (start) {
      current = { started: start[1] as string, line: n, hits: [], outcome: 'unknown' };
      sessions.push(current);
      continue;
    }
    const signature = CATALOG_SIGNATURE.test(text);
    const extended = EXTENDED_ERROR.exec(text);
    if (!current) {
      // Only a line that says something opens the implicit session: a log's leading `====` rule does not.
      if (!signature && !extended && !SUCCESS.test(text)) continue;
      current = { started: BEFORE_FIRST_HEADER, line: n, hits: [], outcome: 'unknown' };
      sessions.push(current);
    }
    if (signature) {
      current.hits.push({ file, line: n, text: text.trim(), session: current.started });
      current.outcome = 'failed';
    }
    if (extended) {
      current.extendedError = extended[1];
      current.outcome = /^0x0+$/i.test(extended[1] as string) ? 'succeeded' : 'failed';
    } else if (SUCCESS.test(text) && current.hits.length === 0) current.outcome = 'succeeded';
  }
  return sessions;
}
