import { fsError } from './fs.js';

/** One write call: writes some of buffer[offset, offset + length) and says how many bytes it took. */
export type WriteSome = (buffer: Buffer, offset: number, length: number) => number | Promise<number>;

/**
 * Writes every byte of `data` or throws. A write call may take fewer bytes than asked (a nearly full
 * disk, a network share): the rest goes to the next call. A call that takes nothing means the disk is
 * full. A caller never sees success for a record cut short, so nothing that relies on it can follow.
 */
export async function writeAll(write: WriteSome, data: string | Buffer, name: string): Promise<void> {
  const buffer = typeof data === 'string' ? Buffer.from(data) : data;
  for (let done = 0; done < buffer.length;) {
    const n = await write(buffer, done, buffer.length - done);
    if (!(n > 0)) throw fsError('ENOSPC', `no space left on the disk: ${name}: ${done} of ${buffer.length} bytes written`);
    done += n;
  }
}
