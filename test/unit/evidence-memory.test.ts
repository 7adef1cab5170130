import { describe, expect, it } from 'vitest';
import { readEvidence } from '../../src/evidence/read-evidence.js';
import { MapFs } from '../helpers/map-fs.js';

const MB = 1024 * 1024;

/** An Fs whose one big log is made chunk by chunk as it is read: never whole in memory, here or in the reader. */
class BigLogFs extends MapFs {
  constructor(
    private readonly bigLog: string,
    private readonly chunks: () => Iterable<Buffer>,
  ) {
    super();
    this.put(bigLog, { kind: 'file', data: Buffer.alloc(0) });
  }
  override async *readChunks(path: string) {
    if (path === this.bigLog) yield* this.chunks();
    else yield* super.readChunks(path);
  }
}

/** 64 KiB of CBS.log: Error lines with ever new codes and corrupt payloads with ever new components. */
function cbsChunk(seed: number): Buffer {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < 64 * 1024 - 400; i++) {
    const n = seed * 1000 + i;
    const line =
      i % 3 === 0
        ? `2025-01-15 03:02:44, Error                 CBS    Failed to resolve package 'Package_${n}' [HRESULT = 0x800f${(n % 0xffff).toString(16).padStart(4, '0')} - CBS_E_X]`
        : i % 3 === 1
          ? `2025-01-15 03:58:21, Info                  CBS    (p)\tCSI Payload Corrupt\t\t\t(n)\t\t\tamd64_component_${n}\\file.dll`
          : `2025-01-15 03:58:21, Info                  CBS    Exec: Processing started.  Client: DISM Package Manager Provider, Session: ${n}`;
    lines.push(line);
    size += line.length + 2;
  }
  return Buffer.from(lines.join('\r\n') + '\r\n');
}

describe('reading a big log', () => {
  it('a 200 MB CBS.log is streamed: heap growth stays small and what is kept stays bounded', async () => {
    const chunkCount = (200 * MB) / (64 * 1024);
    // 16 chunks, made once and read over and over: 2,400 codes and 4,800 components in all.
    const chunks = Array.from({ length: 16 }, (_, i) => cbsChunk(i));
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const fs = new BigLogFs('/w/Windows/Logs/CBS/CBS.log', function* () {
      for (let i = 0; i < chunkCount; i++) {
        if (i % 64 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed - before);
        yield chunks[i % chunks.length] as Buffer;
      }
    });
    fs.put('/w/Windows/System32/catroot2/edb.log', { kind: 'file', data: Buffer.from('x') });
    const started = Date.now();
    const found = await readEvidence(fs, '/w/Windows', { online: false });
    expect(peak).toBeLessThan(64 * MB);
    // 100 codes and 20 payloads at most, whatever the log holds.
    expect(found.filter((e) => e.code).length).toBe(100);
    expect(found.filter((e) => e.name === 'CSI Payload Corrupt').length).toBe(20);
    expect(Date.now() - started).toBeLessThan(60_000);
  });
});
