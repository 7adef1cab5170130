import type { RunCommand } from '../platform/sc/sc-services.js';
import { LatestByKey, SIGNATURES, hresult, isFailureCode, type Evidence } from './evidence.js';
import { parseEvents, type WinEvent } from './event-xml.js';

/** The queries, newest first and bounded by count (wevtutil's /rd:true and /c:N). */
export const EVENT_QUERIES = [
  // Microsoft-Windows-WindowsUpdateClient: 19 Installation Successful, 20 Installation Failure (with errorCode).
  { channel: 'System', count: 200, query: "*[System[Provider[@Name='Microsoft-Windows-WindowsUpdateClient'] and (EventID=19 or EventID=20)]]" },
  // CAPI2 256 MSG_CATDB_INIT_ERROR, 257 MSG_CATDB_JET_INIT_ERROR; ESENT errors, kept when about the catalog database.
  {
    channel: 'Application',
    count: 100,
    query: "*[System[(Provider[@Name='Microsoft-Windows-CAPI2'] and (EventID=256 or EventID=257)) or (Provider[@Name='ESENT'] and (Level=1 or Level=2))]]",
  },
] as const;

export function wevtutilArgs({ channel, count, query }: (typeof EVENT_QUERIES)[number]): string[] {
  return ['qe', channel, `/q:${query}`, `/c:${count}`, '/rd:true', '/f:xml'];
}

const CATALOG = /catalog database|catroot2|\\catdb\b/i;
const dataNamed = (event: WinEvent, name: string) => event.data.find((d) => d.name === name)?.value ?? '';
const dataText = (event: WinEvent) =>
  event.data
    .map((d) => d.value.trim())
    .filter(Boolean)
    .join(' | ')
    .slice(0, 1000);

/** Installation failures still standing: per update, a later event 19 clears an earlier 20. */
function updateFailures(events: WinEvent[]): Evidence[] {
  const standing = new LatestByKey();
  // ISO times in UTC sort as text; wevtutil gave them newest first.
  for (const event of [...events].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))) {
    const key = dataNamed(event, 'updateGuid').toUpperCase();
    if (event.eventId === 19) standing.delete(key);
    if (event.eventId !== 20) continue;
    const code = hresult(dataNamed(event, 'errorCode'));
    const title = dataNamed(event, 'updateTitle');
    standing.add(key, () => ({
      source: 'event-log',
      file: event.channel ?? 'System',
      ...(event.time ? { time: event.time } : {}),
      ...(isFailureCode(code) ? { code } : {}),
      text: `WindowsUpdateClient event 20: installation of ${title || 'an update'} failed with ${code ?? 'no error code'}`,
      outcome: 'failure',
    }));
  }
  return standing.values();
}

function catalogErrors(events: WinEvent[]): Evidence[] {
  const latest = new LatestByKey(20);
  for (const event of [...events].sort((a, b) => (a.time ?? '').localeCompare(b.time ?? ''))) {
    const capi2 = event.provider === 'Microsoft-Windows-CAPI2';
    if (!capi2 && !(event.provider === 'ESENT' && event.data.some((d) => CATALOG.test(d.value)))) continue;
    latest.add(`${event.provider}/${event.eventId}`, () => ({
      source: 'event-log',
      file: event.channel ?? 'Application',
      ...(event.time ? { time: event.time } : {}),
      name: SIGNATURES.catalogDatabase,
      text: `${capi2 ? 'CAPI2' : 'ESENT'} event ${event.eventId}: ${dataText(event)}`,
      outcome: 'failure',
    }));
  }
  return latest.values();
}

/** Online only: runs wevtutil (by absolute path) once per query; a query that fails is told to `problems`. */
export async function eventLogEvidence(run: RunCommand, wevtutil: string, problems: string[]): Promise<Evidence[]> {
  const found: Evidence[] = [];
  for (const query of EVENT_QUERIES) {
    try {
      const { exitCode, stdout } = await run(wevtutil, wevtutilArgs(query));
      if (exitCode !== 0) throw new Error(`exit code ${exitCode}`);
      const events = parseEvents(stdout);
      found.push(...(query.channel === 'System' ? updateFailures(events) : catalogErrors(events)));
    } catch (error) {
      problems.push(`wevtutil qe ${query.channel}: ${(error as Error).message}`);
    }
  }
  return found;
}
