import { StringDecoder } from 'node:string_decoder';
import type { Fs } from './fs.js';

/**
 * Streams a text file as lines (Windows logs, the tool's own JSON lines): UTF-16LE with BOM, UTF-8 with or without BOM, or ANSI; CRLF or LF.
 * Holds one chunk and one line at a time, so a log of hundreds of MB costs no more memory than a small one.
 */
export async function* textLines(fs: Fs, path: string): AsyncIterable<string> {
  let decoder: StringDecoder | undefined;
  let rest = '';
  for await (const chunk of fs.readChunks(path)) {
    let data = chunk;
    if (!decoder) {
      const utf16 = data[0] === 0xff && data[1] === 0xfe;
      const utf8Bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
      decoder = new StringDecoder(utf16 ? 'utf16le' : 'utf8');
      data = data.subarray(utf16 ? 2 : utf8Bom ? 3 : 0);
    }
    const parts = (rest + decoder.write(data)).split('\n');
    rest = parts.pop() ?? '';
    for (const part of parts) yield part.endsWith('\r') ? part.slice(0, -1) : part;
  }
  rest += decoder?.end() ?? '';
  if (rest !== '') yield rest.endsWith('\r') ? rest.slice(0, -1) : rest;
}
