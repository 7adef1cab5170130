import { execa } from 'execa';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { expect } from 'vitest';
import { CLI } from './cli.js';

/** The journal's records of one type, counted; 0 before the run folder exists. */
export async function records(state: string, type: string): Promise<number> {
  const runs = await readdir(join(state, 'runs')).catch(() => []);
  const text = runs.length ? await readFile(join(state, 'runs', runs.sort().at(-1) as string, 'journal.jsonl'), 'utf8').catch(() => '') : '';
  return text.split('\n').filter((line) => line.includes(`"type":"${type}"`)).length;
}

/** Starts the CLI, sends `signal` once `type` records show the groups moving, and waits for the process to end by itself. */
export async function signalMidRun(args: string[], state: string, signal: NodeJS.Signals, type: string) {
  const child = execa(process.execPath, [CLI, ...args], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  while (child.exitCode === null && (await records(state, type)) < 3) await sleep(5);
  expect(child.exitCode, 'the run ended before the signal').toBeNull();
  const sent = performance.now();
  child.kill(signal);
  // Read after the signal: at most the groups done when it arrived (one more may end after it).
  const before = await records(state, type);
  const result = await child;
  return { result, seconds: (performance.now() - sent) / 1000, before, after: await records(state, type) };
}
