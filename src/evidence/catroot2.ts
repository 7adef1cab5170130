import type { Fs } from '../platform/fs.js';
import { LatestByKey, SIGNATURES, type Evidence } from './evidence.js';

/** KB822798: catroot2\edb.log "may grow to 20 megabytes (MB) even though the file is typically less than 1 MB". */
export const EDB_LOG_LIMIT = 20_000_000;

export async function edbLogEvidence(fs: Fs, file: string): Promise<Evidence[]> {
  const size = (await fs.lstat(file))?.size ?? 0;
  if (size < EDB_LOG_LIMIT) return [];
  const mb = (size / 1_000_000).toFixed(1);
  return [{ source: 'catroot2', file, name: SIGNATURES.edbLogLarge, text: `edb.log is ${mb} MB; it is typically under 1 MB`, outcome: 'failure' }];
}

/** `CatalogDB: 4:00:04 AM 6/16/2021: catdbcli.cpp at line #590 encountered error 0x00000426` */
const DBERR = /^CatalogDB: (.+?): (\S+ at line #\d+ encountered error 0x[0-9a-f]+)/i;

/** catroot2\dberr.txt: the catalog database's own error lines, the latest of each place and error. */
export async function dberrEvidence(file: string, lines: AsyncIterable<string>): Promise<Evidence[]> {
  const errors = new LatestByKey(20);
  let n = 0;
  for await (const text of lines) {
    n++;
    const match = DBERR.exec(text.trim());
    if (!match) continue;
    const [, time, what] = match as unknown as [string, string, string];
    errors.add(what.toLowerCase(), () => ({
      source: 'catroot2',
      file,
      line: n,
      time,
      name: SIGNATURES.catalogDatabase,
      text: text.trim(),
      outcome: 'failure',
    }));
  }
  return errors.values();
}
