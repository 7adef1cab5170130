import type { FileInfo, Fs } from '../platform/fs.js';
import { textLines } from '../platform/text-lines.js';
import { CbsFacts } from './cbs-facts.js';
import type { CbsMark } from './cbs-mark.js';
import { judgeComponentStore, unfinishedRuns } from './judge.js';
import type { CbsReading } from './verdict.js';
import { headOf } from './watched-bytes.js';

/** Why the log now is not the one marked (rotated, replaced), or nothing when it only grew. */
async function notTheMarkedLog(fs: Fs, file: string, info: FileInfo, mark: CbsMark): Promise<string | undefined> {
  if (mark.bytes === 0) return undefined;
  if (info.size < mark.bytes) return `is shorter than at the mark (${info.size} bytes, ${mark.bytes} then)`;
  if (mark.id !== undefined && info.id !== undefined && info.id !== mark.id) return 'is another file than at the mark';
  if ((await headOf(fs, file, mark.headBytes)).sha256 !== mark.head) return 'begins otherwise than at the mark';
  return undefined;
}

/**
 * What DISM and SFC appended to CBS.log since `mark` (markCbsLog), and the component store's verdict from it.
 * Streamed, both UTF-8 and UTF-16LE (textLines); only the latest DISM report and SFC run are kept, a few
 * lines of each kind to cite. The line formats and their sources are in cbs-signals.ts.
 */
export async function readCbsSince(fs: Fs, file: string, mark: CbsMark): Promise<CbsReading> {
  const info = await fs.lstat(file);
  if (info?.kind !== 'file') {
    return {
      verdict: { kind: 'unknown', why: `${file} is not there`, cited: [] },
      newLines: 0,
      firstLine: 1,
      notes: [`${file} is not there: nothing to read`],
    };
  }
  const notes: string[] = [];
  const why = await notTheMarkedLog(fs, file, info, mark);
  if (why) notes.push(`${file} ${why}: it was rotated or replaced, and is read whole (what came before may be in CbsPersist_*.log)`);
  let read = await readFrom(fs, file, why ? 0 : mark.lines);
  if (read.lines < mark.lines && !why) {
    notes.push(`${file} has fewer lines (${read.lines}) than at the mark (${mark.lines}): it is read whole`);
    read = await readFrom(fs, file, 0);
  }
  const newLines = read.lines - read.skipped;
  notes.push(...unfinishedRuns(read.facts));
  return { verdict: judgeComponentStore(read.facts, newLines), newLines, firstLine: read.skipped + 1, notes };
}

async function readFrom(fs: Fs, file: string, skip: number): Promise<{ facts: CbsFacts; lines: number; skipped: number }> {
  const facts = new CbsFacts(file);
  let lines = 0;
  // NUL blocks (an unclean shutdown) are dropped as markCbsLog drops them: line numbers agree.
  for await (const text of textLines(fs, file, { dropNul: true })) if (++lines > skip) facts.add(lines, text);
  return { facts, lines, skipped: Math.min(skip, lines) };
}
