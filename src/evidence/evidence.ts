/** One piece of evidence from a modern Windows log, file or event, in the shape every reader returns. */
export type EvidenceSource = 'reporting-events' | 'cbs' | 'dism' | 'windows-update-log' | 'catroot2' | 'event-log';

export interface Evidence {
  source: EvidenceSource;
  /** The file read, or the event log's channel (System, Application). */
  file: string;
  line?: number;
  /** As the log wrote it. */
  time?: string;
  /** An HRESULT as 0xXXXXXXXX, upper-case. */
  code?: string;
  /** Microsoft's symbolic name (CBS_E_SOURCE_MISSING), or one of the signature names below. */
  name?: string;
  text: string;
  outcome?: 'failure' | 'success';
}

/** Names for evidence that carries no HRESULT of its own; the routing table matches them. */
export const SIGNATURES = {
  csiPayloadCorrupt: 'CSI Payload Corrupt',
  sfcCannotRepair: 'SFC: Cannot repair member file',
  catalogDatabase: 'Catalog database error',
  edbLogLarge: 'catroot2 edb.log over 20 MB',
} as const;

/**
 * An HRESULT as 0xXXXXXXXX upper-case: `0x800f081f`, or a decimal the event log writes (-2146498529,
 * 2148468767), or bare hex digits where the format says hex (ReportingEvents.log's `800f081f`).
 */
export function hresult(text: string, bareDigits: 'hex' | 'decimal' = 'decimal'): string | undefined {
  const trimmed = text.trim();
  const hex = /^0x[0-9a-f]{1,8}$/i.test(trimmed) ? trimmed.slice(2) : bareDigits === 'hex' && /^[0-9a-f]{1,8}$/i.test(trimmed) ? trimmed : undefined;
  const value = hex !== undefined ? parseInt(hex, 16) : /^-?\d{1,10}$/.test(trimmed) ? Number(trimmed) : NaN;
  if (Number.isNaN(value) || value < -0x80000000 || value > 0xffffffff) return undefined;
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Whether an HRESULT says failure: its severity bit is set. */
export function isFailureCode(code: string | undefined): boolean {
  return code !== undefined && parseInt(code.slice(2), 16) >= 0x80000000;
}

/**
 * The latest evidence per key, at most `limit` keys: a long log repeats the same few codes thousands of
 * times, and only the last of each is kept. Past the limit, new keys are counted, not kept.
 */
export class LatestByKey {
  private readonly kept = new Map<string, Evidence>();
  dropped = 0;

  constructor(private readonly limit = 100) {}

  /** `make` runs only when the evidence is kept: most lines of a long log are repeats, or past the limit. */
  add(key: string, make: () => Evidence): void {
    if (!this.kept.has(key) && this.kept.size >= this.limit) {
      this.dropped++;
      return;
    }
    // Deleting first moves the key to the end: the map stays in the order of each key's latest line.
    this.kept.delete(key);
    this.kept.set(key, make());
  }

  delete(key: string): void {
    this.kept.delete(key);
  }

  clear(): void {
    this.kept.clear();
  }

  values(): Evidence[] {
    return [...this.kept.values()];
  }
}
