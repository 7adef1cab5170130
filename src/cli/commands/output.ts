import type { Writable } from 'node:stream';
import { humanStream, type CliIo } from '../io.js';
import type { JsonBodyField } from '../json-document.js';
import { envelope, frameOf, type JsonFrame } from '../json-envelope.js';
import type { CliOptions } from '../options.js';

/** Human lines go to the terminal; with --json, one document is assembled and printed at the end. */
export class Output {
  readonly human: Writable;
  private readonly doc: Record<string, unknown> = {};
  private readonly frame: JsonFrame;

  constructor(
    private readonly io: CliIo,
    private readonly options: CliOptions,
  ) {
    this.human = humanStream(io, options.json);
    this.frame = frameOf(io);
  }

  /** The playbook the command acted on or chose (null: none). */
  playbook(id: string | null): void {
    this.frame.playbook = id;
  }

  /** Whether this invocation changed the system: set when a run begins (an error after it may have), then from its report. */
  changed(changed: boolean): void {
    this.frame.changed = changed;
  }

  /** One text, or a long one in pieces (a 100,000-line plan is never one string). */
  say(text: string | Iterable<string>): void {
    if (typeof text !== 'string') for (const piece of text) this.human.write(piece);
    else this.human.write(text.endsWith('\n') ? text : `${text}\n`);
  }

  set(key: JsonBodyField, value: unknown): void {
    this.doc[key] = value;
  }

  finish(exitCode: number): number {
    if (this.options.json) this.io.stdout.write(`${JSON.stringify({ ...envelope(exitCode, this.frame), ...this.doc }, null, 2)}\n`);
    return exitCode;
  }
}
