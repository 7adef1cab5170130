import { LatestByKey, hresult, isFailureCode, type Evidence } from './evidence.js';

/**
 * WindowsUpdate.log as text: written by Windows Update up to Windows 8.1 / Server 2012 R2
 * (`2015-06-26<TAB>14:24:33:329 1012 17bc Handler FATAL: UH: 0x8007f0da: ...`); from Windows 10 the log is
 * ETW, and only a copy made by Get-WindowsUpdateLog is text (`2019/03/13 09:53:23.6372469 1088 3684 Misc
 * *FAILED* [80070426] Method failed ...`, `Agent Exit code = 0x80070426`). Windows 10 leaves a stub in
 * %windir% that names the cmdlet and holds no code.
 */
const TIME = /^(\d{4}[-/]\d{2}[-/]\d{2}[\t ]+\d{2}:\d{2}:\d{2}(?:[:.]\d+)?)/;
const FAILURE_WORD = /fail|error|fatal|exit code/i;
// 0x80070426, or the bare [80070426] of *FAILED* lines.
const CODE = /\b0x([0-9a-f]{8})\b|\[([0-9a-f]{8})\]/gi;

/** The latest line of each failure code. */
export async function windowsUpdateLogEvidence(file: string, lines: AsyncIterable<string>): Promise<Evidence[]> {
  const codes = new LatestByKey();
  let n = 0;
  for await (const text of lines) {
    n++;
    if (!FAILURE_WORD.test(text)) continue;
    const time = TIME.exec(text)?.[1];
    for (const match of text.matchAll(CODE)) {
      const code = hresult(match[1] ?? match[2] ?? '', 'hex');
      if (!code || !isFailureCode(code)) continue;
      codes.add(code, () => ({ source: 'windows-update-log', file, line: n, ...(time ? { time } : {}), code, text: text.trim(), outcome: 'failure' }));
      break;
    }
  }
  return codes.values();
}
