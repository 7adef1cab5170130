import { describe, expect, it } from 'vitest';
import { MAX_LINE, textLines, type LineOptions, type LineStats } from '../../src/platform/text-lines.js';
import { MapFs } from '../helpers/map-fs.js';

/** An Fs whose one file arrives in the given chunks, exactly as cut. */
class ChunkFs extends MapFs {
  constructor(private readonly chunks: () => Iterable<Buffer>) {
    super();
  }
  override async *readChunks() {
    yield* this.chunks();
  }
}

async function linesOf(chunks: Buffer[], options?: LineOptions): Promise<string[]> {
  const out: string[] = [];
  for await (const line of textLines(new ChunkFs(() => chunks), '/log', options)) out.push(line);
  return out;
}

const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
/** Cuts a buffer at the given offsets. */
const cutAt = (data: Buffer, ...at: number[]) => [0, ...at].map((from, i) => data.subarray(from, at[i] ?? data.length));

describe('textLines', () => {
  const crlf = Buffer.from('one\r\ntwo\r\n');
  const wide = utf16('één\r\ntwee\r\n');
  it.each([
    ['LF lines in one chunk', [Buffer.from('a\nb\nc')], ['a', 'b', 'c']],
    ['CRLF split between CR and LF', cutAt(crlf, 4), ['one', 'two']],
    ['CRLF split before CR', cutAt(crlf, 3), ['one', 'two']],
    ['a line split across three chunks', cutAt(Buffer.from('abcdef\nz'), 2, 4), ['abcdef', 'z']],
    ['UTF-8 character split across chunks', cutAt(Buffer.from('é\nx'), 1), ['é', 'x']],
    ['UTF-8 BOM', [Buffer.from('\uFEFFbom\n')], ['bom']],
    ['UTF-16LE with BOM, cut inside a code unit', cutAt(wide, 3), ['één', 'twee']],
    ['UTF-16LE, CRLF cut between its code units', cutAt(wide, 2 + 2 * 4, 2 + 2 * 5 - 1), ['één', 'twee']],
    ['a final line without LF', [Buffer.from('a\n'), Buffer.from('tail\r')], ['a', 'tail']],
    ['empty lines are kept', [Buffer.from('\n\nx\n')], ['', '', 'x']],
    ['nothing', [], []],
  ] as const)('%s', async (_name, chunks, expected) => {
    expect(await linesOf([...chunks])).toEqual(expected);
  });

  it.each([
    ['one line of MAX_LINE is whole', MAX_LINE, 0, 0],
    ['one character more is cut', MAX_LINE + 1, 1, 1],
    ['three times MAX_LINE keeps the start', 3 * MAX_LINE, 1, 2 * MAX_LINE],
  ])('%s', async (_name, size, cutLines, skippedChars) => {
    const stats: LineStats = { cutLines: 0, skippedChars: 0 };
    const long = 'x'.repeat(size - 1) + 'y';
    const lines = await linesOf(cutAt(Buffer.from(`${long}\r\nnext\n`), 1000, 70_000), { stats });
    expect(lines).toEqual([long.slice(0, MAX_LINE), 'next']);
    expect(stats).toEqual({ cutLines, skippedChars });
  });

  it('drops NUL blocks when asked, so the text after one is read', async () => {
    const log = Buffer.concat([Buffer.from('before\r\n'), Buffer.alloc(200_000), Buffer.from('after\r\n')]);
    expect(await linesOf(cutAt(log, 100_000))).toEqual(['before', `${'\0'.repeat(MAX_LINE)}`]);
    expect(await linesOf(cutAt(log, 100_000), { dropNul: true })).toEqual(['before', 'after']);
  });

  // Before: every chunk re-split the whole unfinished line, hours for 1 GB. One 64 KiB buffer, reused.
  it.each([
    ['NUL bytes', 0, true],
    ['NUL bytes, kept', 0, false],
    ['letters', 0x41, false],
  ])('reads 1 GB without a line end (%s) in bounded time and memory', async (_name, byte, dropNul) => {
    const chunk = Buffer.alloc(64 * 1024, byte);
    const before = process.memoryUsage().heapUsed;
    const started = Date.now();
    let peak = 0;
    const fs = new ChunkFs(function* () {
      for (let i = 0; i < 16_384; i++) {
        if (i % 256 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
        // The reader never yields to the event loop, so the test timeout could not stop it: stop here.
        if (Date.now() - started > 30_000) throw new Error(`too slow: ${i} of 16,384 chunks read in 30 s`);
        yield chunk;
      }
    });
    const stats: LineStats = { cutLines: 0, skippedChars: 0 };
    const lines: number[] = [];
    for await (const line of textLines(fs, '/log', { stats, dropNul })) lines.push(line.length);
    expect(peak).toBeLessThan(64 * 1024 * 1024);
    expect(lines).toEqual(dropNul ? [] : [MAX_LINE]);
    expect(stats).toEqual(dropNul ? { cutLines: 0, skippedChars: 0 } : { cutLines: 1, skippedChars: 1024 ** 3 - MAX_LINE });
  });
});
