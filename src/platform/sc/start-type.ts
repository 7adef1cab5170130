import type { StartType } from '../services.js';

/** sc.exe's words for SERVICE_BOOT_START (0) ... SERVICE_DISABLED (4), with their numbers. */
const WORDS: Record<string, { number: string; type: StartType }> = {
  BOOT_START: { number: '0', type: 'boot' },
  SYSTEM_START: { number: '1', type: 'system' },
  AUTO_START: { number: '2', type: 'auto' },
  DEMAND_START: { number: '3', type: 'demand' },
  DISABLED: { number: '4', type: 'disabled' },
};

const LINE = /:[ \t]*(\d+)[ \t]+(BOOT_START|SYSTEM_START|AUTO_START|DEMAND_START|DISABLED)(?:[ \t]+(\(DELAYED\)))?[ \t]*$/m;

/**
 * The start type in `sc qc`: `START_TYPE         : 2   AUTO_START`, or `2   AUTO_START  (DELAYED)` since
 * Vista. Only the value is matched, not the label, so a translated label would not matter. Undefined when no
 * line has that shape or its number and word disagree: a start type is what a rollback restores, never a guess.
 */
export function parseStartType(output: string): StartType | undefined {
  const match = LINE.exec(output.replace(/\r\n?/g, '\n'));
  const word = WORDS[match?.[2] ?? ''];
  if (!match || !word || word.number !== match[1]) return undefined;
  if (!match[3]) return word.type;
  return word.type === 'auto' ? 'delayed-auto' : undefined;
}
