import type { Evidence } from './evidence.js';

/** The most a local time without its zone can be off UTC (UTC-12 to UTC+14). */
const ZONE_SLACK_MS = 14 * 60 * 60 * 1000;

/** ReportingEvents.log: `2025-01-15 03:12:44:010+0100`, its zone written beside it. */
const WITH_ZONE = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}):(\d{3})([+-])(\d{2})(\d{2})$/;
/** CBS.log and dism.log: `2025-01-15 03:12:44`, local time, zone unknown. */
const LOCAL = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})/;

/**
 * Whether `e` was surely logged after the instant `iso`: exactly where the log gives its zone; for a local time
 * only when it is later even read in the easternmost zone. A time in no known format is never "after".
 */
export function loggedAfter(e: Pick<Evidence, 'time'>, iso: string): boolean {
  const since = Date.parse(iso);
  const zoned = WITH_ZONE.exec(e.time ?? '');
  if (zoned) {
    const [, y, mo, d, h, mi, s, ms, sign, oh, om] = zoned as unknown as string[];
    const offset = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(om)) * 60_000;
    return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!, +ms!) - offset > since;
  }
  const local = LOCAL.exec(e.time ?? '');
  if (!local) return false;
  const [, y, mo, d, h, mi, s] = local as unknown as string[];
  return Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) - ZONE_SLACK_MS > since;
}
