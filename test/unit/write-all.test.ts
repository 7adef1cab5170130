import { describe, expect, it } from 'vitest';
import { writeAll } from '../../src/platform/write-all.js';

/** A write call that takes at most `perCall` bytes, and none once `free` bytes are out (a full disk). */
function disk(perCall: number, free = Number.POSITIVE_INFINITY) {
  const out: Buffer[] = [];
  let calls = 0;
  const write = (buffer: Buffer, offset: number, length: number) => {
    calls++;
    const n = Math.min(perCall, length, free);
    free -= n;
    out.push(Buffer.from(buffer.subarray(offset, offset + n)));
    return n;
  };
  return { write, written: () => Buffer.concat(out), calls: () => calls };
}

const TEXT = '{"seq":7,"type":"intent","from":12,"to":524,"path":"KB\u00e9\u4e2d.cat"}\n';
const BYTES = Buffer.byteLength(TEXT);

describe('writeAll: every byte goes out, or the write fails', () => {
  it.each([
    ['1 byte per call', 1, BYTES],
    ['3 bytes per call', 3, Math.ceil(BYTES / 3)],
    ['everything in one call', 1 << 20, 1],
  ])('%s: all %#', async (_name, perCall, calls) => {
    const d = disk(perCall);
    await writeAll(d.write, TEXT, 'journal.jsonl');
    // Bytes, not characters: a multi-byte character cut between two calls is still whole.
    expect(d.written().toString('utf8')).toBe(TEXT);
    expect(d.calls()).toBe(calls);
  });

  it.each([
    ['a full disk: 0 bytes at once', 1, 0],
    ['3 bytes per call, then full after 10', 3, 10],
    ['all but the line end fits', 1 << 20, BYTES - 1],
  ])('%s: ENOSPC, and exactly what fitted was written', async (_name, perCall, free) => {
    const d = disk(perCall, free);
    await expect(writeAll(d.write, Buffer.from(TEXT), 'journal.jsonl')).rejects.toMatchObject({
      code: 'ENOSPC',
      message: expect.stringContaining(`journal.jsonl: ${free} of ${BYTES} bytes`),
    });
    expect(d.written()).toEqual(Buffer.from(TEXT).subarray(0, free));
  });

  it('an error of the write call itself is passed on as it is', async () => {
    let calls = 0;
    const write = () => {
      if (calls++ === 1) throw Object.assign(new Error('EIO: i/o error'), { code: 'EIO' });
      return 2;
    };
    await expect(writeAll(write, TEXT, 'x')).rejects.toMatchObject({ code: 'EIO' });
  });

  it('writes nothing, and calls nothing, for empty data', async () => {
    const d = disk(1, 0);
    await writeAll(d.write, '', 'x');
    expect(d.calls()).toBe(0);
  });
});
