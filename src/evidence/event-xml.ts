import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** One event as `wevtutil qe ... /f:xml` prints it: the System fields read and the EventData values. */
export interface WinEvent {
  provider: string;
  eventId: number;
  /** TimeCreated/@SystemTime, UTC. */
  time?: string;
  channel?: string;
  level?: number;
  /** `<Data Name='errorCode'>` by name; classic events (ESENT, CAPI2) have unnamed Data, in order. */
  data: Array<{ name?: string; value: string }>;
}

interface Node {
  '#text'?: string;
  [attribute: string]: unknown;
}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay text: an errorCode of 0x80073d02 or -2147024891 is read as the event wrote it.
  parseTagValue: false,
  parseAttributeValue: false,
  alwaysCreateTextNode: true,
  isArray: (name) => name === 'Event' || name === 'Data',
});

const text = (node: unknown): string => (typeof node === 'object' && node !== null ? String((node as Node)['#text'] ?? '') : '');
const attribute = (node: unknown, name: string): string | undefined =>
  typeof node === 'object' && node !== null && typeof (node as Node)[`@${name}`] === 'string' ? ((node as Node)[`@${name}`] as string) : undefined;

/**
 * wevtutil prints one `<Event>` element after another with no root: they are wrapped in one here.
 * Throws on output that is not XML, so a broken answer is reported rather than read as "no events".
 */
export function parseEvents(output: string): WinEvent[] {
  const xml = `<Events>${output.replace(/^\uFEFF/, '')}</Events>`;
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not XML: ${valid.err.msg} (line ${valid.err.line})`);
  const root = parser.parse(xml) as { Events?: { Event?: Array<{ System?: Record<string, unknown>; EventData?: { Data?: unknown[] } }> } };
  return (root.Events?.Event ?? []).map((event) => {
    const system = event.System ?? {};
    const time = attribute(system.TimeCreated, 'SystemTime');
    const channel = text(system.Channel);
    const level = Number(text(system.Level));
    return {
      provider: attribute(system.Provider, 'Name') ?? '',
      eventId: Number(text(system.EventID)),
      ...(time ? { time } : {}),
      ...(channel ? { channel } : {}),
      ...(text(system.Level) !== '' && Number.isInteger(level) ? { level } : {}),
      data: (event.EventData?.Data ?? []).map((d) => {
        const name = attribute(d, 'Name');
        return { ...(name ? { name } : {}), value: typeof d === 'string' ? d : text(d) };
      }),
    };
  });
}
