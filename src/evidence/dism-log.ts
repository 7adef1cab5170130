import { LatestByKey, isFailureCode, type Evidence } from './evidence.js';
import { servicingCode, servicingLine } from './servicing-line.js';

/**
 * Logs\DISM\dism.log, in CBS.log's line layout: `Error` lines with `hr:0x...` or `HRESULT=0x...`, the latest
 * of each code. DISM repeats one failure up its call stack, one line a frame: one piece of evidence a code.
 */
export async function dismEvidence(file: string, lines: AsyncIterable<string>): Promise<Evidence[]> {
  const codes = new LatestByKey();
  let n = 0;
  for await (const text of lines) {
    n++;
    const { time, level, message } = servicingLine(text);
    if (level !== 'Error') continue;
    const found = servicingCode(message);
    if (!found || !isFailureCode(found.code)) continue;
    codes.add(found.code, () => ({ source: 'dism', file, line: n, ...(time ? { time } : {}), ...found, text: message, outcome: 'failure' }));
  }
  return codes.values();
}
