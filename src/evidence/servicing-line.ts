import { hresult } from './evidence.js';

/**
 * CBS.log and dism.log share one line layout: `2025-01-14 03:22:10, Error                 CBS    message`.
 * Lines without it (a summary block, a continuation) are all message.
 */
export interface ServicingLine {
  time?: string;
  level?: string;
  component?: string;
  message: string;
}

const PREFIX = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}), (\w+)\s+(\S+)\s+(.*)$/;

export function servicingLine(text: string): ServicingLine {
  const match = PREFIX.exec(text);
  if (!match) return { message: text.trim() };
  const [, time, level, component, message] = match as unknown as [string, string, string, string, string];
  return { time, level, component, message: message.trim() };
}

// `[HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]` (CBS), `(hr:0x800f081f)` and `(CBS HRESULT=0x80070002)` (DISM).
const CODE = /\[HRESULT = (0x[0-9a-f]{1,8}) - (\w+)\]|HRESULT\s*=\s*(0x[0-9a-f]{1,8})|\bhr:\s*(0x[0-9a-f]{1,8})/i;

/** The HRESULT a servicing line reports, with its name where the line gives one. */
export function servicingCode(message: string): { code: string; name?: string } | undefined {
  const match = CODE.exec(message);
  if (!match) return undefined;
  const code = hresult(match[1] ?? match[3] ?? match[4] ?? '');
  return code === undefined ? undefined : { code, ...(match[2] ? { name: match[2] } : {}) };
}
