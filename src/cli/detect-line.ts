/** Intune keeps at most 2,048 characters of a detection script's output. */
export const DETECT_LINE_MAX = 2048;

type Fields = Record<string, unknown> & { detect: number };

/** The longest prefix of `text` (whole characters, never half a surrogate pair) whose line fits. */
function fitted(fields: Fields, key: string, text: string, max: number): string | undefined {
  const chars = Array.from(text);
  const fits = (n: number) => JSON.stringify({ ...fields, [key]: n < chars.length ? `${chars.slice(0, n).join('')}…` : text }).length <= max;
  if (!fits(0)) return undefined;
  let [low, high] = [0, chars.length];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low < chars.length ? `${chars.slice(0, low).join('')}…` : text;
}

/**
 * One line of JSON, at most `max` characters: the text under `key` is shortened (whole characters, so never
 * cut inside a JSON string or an escape) until the line fits; if the other fields alone are too long, only
 * `detect` is kept. The result is checked to parse.
 */
export function detectLine(fields: Fields, key: string, max = DETECT_LINE_MAX): string {
  const text = String(fields[key] ?? '');
  const short = fitted(fields, key, text, max);
  const line = short === undefined ? JSON.stringify({ detect: fields.detect }) : JSON.stringify({ ...fields, [key]: short });
  if (line.length > max || (JSON.parse(line) as Fields).detect !== fields.detect)
    throw new Error(`internal: the detect line does not fit in ${max} characters`);
  return line;
}

/** detect's line when detection itself failed: the exit code (never 0 or 1), the error's type and message. */
export const detectErrorLine = (exitCode: number, type: string, message: string) => `${detectLine({ detect: exitCode, error: type, message }, 'message')}\n`;
