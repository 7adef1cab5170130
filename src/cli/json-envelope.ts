import type { CliIo } from './io.js';

/** The --json document's major version: bumped when a field is removed or retyped, never when one is added (docs/json.md). */
export const JSON_SCHEMA_MAJOR = 1;
export const JSON_SCHEMA = `catroot-repair/${JSON_SCHEMA_MAJOR}`;

/** What every document says besides the command's own fields. */
export interface JsonFrame {
  /** The playbook the command acted on or chose; null when none. */
  playbook: string | null;
  /** True when this invocation applied or undid at least one action. */
  changed: boolean;
}

// Kept per io, not per command: when a command throws, run.ts prints the error document, which still names
// the playbook and says whether the system changed. run() opens a fresh frame for each command line.
const frames = new WeakMap<CliIo, JsonFrame>();

export function openFrame(io: CliIo): JsonFrame {
  const frame: JsonFrame = { playbook: null, changed: false };
  frames.set(io, frame);
  return frame;
}

/** The frame of this command line (a command called without run(), as tests and the demos do, opens its own). */
export function frameOf(io: CliIo): JsonFrame {
  return frames.get(io) ?? openFrame(io);
}

/** The document's first fields, in this order; the command's own follow. */
export function envelope(exitCode: number, frame: JsonFrame) {
  return { schema: JSON_SCHEMA, ok: exitCode === 0 || exitCode === 3010, exitCode, changed: frame.changed, playbook: frame.playbook };
}
