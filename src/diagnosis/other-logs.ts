import type { LogHit } from './svcpack-log.js';

const SETUPAPI_SECTION = /^\[(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2})[^\]]*\]/;
const SETUPAPI_SIGNATURE = /#[EW](359|361)\b.*0xfffffbfe/i;
const WU_SIGNATURE = /0x8007f0da/i;
const WU_TIME = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2})/;

/** setupapi.log: `#E359` / `#W361 ... Error 0xfffffbfe`, inside `[date time pid]` sections. */
export async function setupapiHits(file: string, lines: AsyncIterable<string>, limit = 50): Promise<LogHit[]> {
  const hits: LogHit[] = [];
  let section: string | undefined;
  let n = 0;
  for await (const text of lines) {
    n++;
    section = SETUPAPI_SECTION.exec(text)?.[1] ?? section;
    if (hits.length < limit && SETUPAPI_SIGNATURE.test(text)) hits.push({ file, line: n, text: text.trim(), session: section });
  }
  return hits;
}

/** WindowsUpdate.log: Windows Update's view of the same failure, 0x8007F0DA. */
export async function windowsUpdateHits(file: string, lines: AsyncIterable<string>, limit = 50): Promise<LogHit[]> {
  const hits: LogHit[] = [];
  let n = 0;
  for await (const text of lines) {
    n++;
    if (hits.length < limit && WU_SIGNATURE.test(text)) hits.push({ file, line: n, text: text.trim(), session: WU_TIME.exec(text)?.[1] });
  }
  return hits;
}
