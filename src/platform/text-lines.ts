import { StringDecoder } from 'node:string_decoder';
import type { Fs } from './fs.js';

/** Characters kept of one line; the rest of a longer line is skipped and counted. */
export const MAX_LINE = 64 * 1024;

/** What the reader cut: lines longer than MAX_LINE and the characters skipped of them. */
export interface LineStats {
  cutLines: number;
  skippedChars: number;
}

export interface LineOptions {
  /** Counts what was cut, for the caller to report. */
  stats?: LineStats;
  /**
   * Drops NUL characters: a log written through an unclean shutdown has blocks of them where text was
   * never written, and the next session's text follows the block on the same line.
   */
  dropNul?: boolean;
}

/**
 * Streams a text file as lines (Windows logs, the tool's own JSON lines): UTF-16LE with BOM, UTF-8 with or without BOM, or ANSI; CRLF or LF.
 * Linear in the input: each chunk is searched once for line ends, and a line's pieces are joined once.
 * Holds one chunk and at most MAX_LINE characters of one line, whatever the file's size or shape.
 */
export async function* textLines(
  fs: Pick<Fs, 'readChunks'>,
  path: string,
  { stats = { cutLines: 0, skippedChars: 0 }, dropNul = false }: LineOptions = {},
): AsyncIterable<string> {
  let decoder: StringDecoder | undefined;
  let pieces: string[] = [];
  let length = 0;
  let cut = false;
  let endsCr = false;
  // One more than MAX_LINE, for a CR that is not part of the line.
  const take = (text: string) => {
    if (text) endsCr = text.endsWith('\r');
    const room = MAX_LINE + 1 - length;
    const kept = text.length > room ? text.slice(0, room) : text;
    if (kept.length) pieces.push(kept);
    length += kept.length;
    if (kept.length < text.length) {
      cut = true;
      stats.skippedChars += text.length - kept.length;
    }
  };
  const line = () => {
    let text = pieces.length === 1 ? (pieces[0] as string) : pieces.join('');
    if (!cut && text.endsWith('\r')) text = text.slice(0, -1);
    if (text.length > MAX_LINE) {
      stats.skippedChars += text.length - MAX_LINE;
      [text, cut] = [text.slice(0, MAX_LINE), true];
    }
    // A cut line's CR was counted as skipped; it is not part of the line.
    if (cut) {
      stats.cutLines++;
      if (endsCr) stats.skippedChars--;
    }
    [pieces, length, cut, endsCr] = [[], 0, false, false];
    return text;
  };
  const decode = (data: Buffer) => {
    const text = (decoder as StringDecoder).write(data);
    return dropNul && text.includes('\0') ? text.replace(/\0+/g, '') : text;
  };
  for await (const chunk of fs.readChunks(path)) {
    let data = chunk;
    if (!decoder) {
      const utf16 = data[0] === 0xff && data[1] === 0xfe;
      const utf8Bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
      decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
      data = data.subarray(utf16 ? 2 : utf8Bom ? 3 : 0);
    }
    const text = decode(data);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      take(text.slice(start, end));
      yield line();
      start = end + 1;
    }
    if (start < text.length) take(text.slice(start));
  }
  const tail = decoder?.end() ?? '';
  if (tail) take(dropNul ? tail.replace(/\0+/g, '') : tail);
  if (length > 0 || cut) yield line();
}
