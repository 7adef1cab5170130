import type { ServiceState } from '../services.js';

/** sc.exe state numbers (SERVICE_STOPPED = 1 ... SERVICE_PAUSED = 7). */
const STATES: Record<number, ServiceState> = {
  1: 'stopped',
  2: 'start-pending',
  3: 'stop-pending',
  4: 'running',
  5: 'start-pending',
  6: 'stop-pending',
  7: 'paused',
};

export interface ScStatus {
  name: string;
  state: ServiceState;
  checkpoint: number;
  waitHintMs: number;
  pid?: number;
}

const field = (block: string, name: string) => new RegExp(`^\\s*${name}\\s*:\\s*(.*?)\\s*$`, 'm').exec(block)?.[1];

/** Parses the blocks of `sc query`, `sc queryex`, `sc start`/`stop` and `sc enumdepend`: CRLF or LF, any padding. */
export function parseStatuses(output: string): ScStatus[] {
  const text = output.replace(/\r\n?/g, '\n');
  return text
    .split(/^(?=\s*SERVICE_NAME\s*:)/m)
    .filter((block) => /^\s*SERVICE_NAME\s*:/.test(block))
    .map((block) => {
      const stateNumber = Number(/^(\d+)/.exec(field(block, 'STATE') ?? '')?.[1]);
      const pid = field(block, 'PID');
      return {
        name: field(block, 'SERVICE_NAME') ?? '',
        state: STATES[stateNumber] ?? 'stopped',
        checkpoint: Number.parseInt(field(block, 'CHECKPOINT') ?? '0', 16) || 0,
        waitHintMs: Number.parseInt(field(block, 'WAIT_HINT') ?? '0', 16) || 0,
        ...(pid !== undefined ? { pid: Number(pid) } : {}),
      };
    });
}

/** `[SC] OpenService FAILED 5:` — the word FAILED is localised (FEHLER, FALHA, 失败), so only the number counts. */
export function parseFailure(output: string): { call: string; code: number } | undefined {
  const match = /^\[SC\]\s+(\S+)\s+\S+\s+(\d+)\s*:/m.exec(output);
  return match ? { call: match[1] as string, code: Number(match[2]) } : undefined;
}

/** `sc qc`: DEPENDENCIES, one per line (`+Name` is a group). */
export function parseDependencies(output: string): string[] {
  const text = output.replace(/\r\n?/g, '\n');
  const start = /^\s*DEPENDENCIES\s*:(.*)$/m.exec(text);
  if (!start) return [];
  const names = [start[1]?.trim() ?? ''];
  for (const line of text
    .slice((start.index ?? 0) + start[0].length)
    .split('\n')
    .slice(1)) {
    const more = /^\s+:\s*(.*)$/.exec(line);
    if (!more) break;
    names.push(more[1]?.trim() ?? '');
  }
  return names.filter(Boolean);
}
