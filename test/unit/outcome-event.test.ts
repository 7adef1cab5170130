import { PassThrough } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/cli/log/event-ids.js';
import { RunStory } from '../../src/cli/log/story.js';
import type { ProcessRunner, ProgramResult } from '../../src/platform/processes.js';

/** Records every program it is asked to run and answers with `result` (or throws it). */
function fakeRunner(result: ProgramResult | Error) {
  const calls: Array<{ file: string; args: readonly string[] }> = [];
  const runner: ProcessRunner = {
    run: async (file, args) => {
      calls.push({ file, args });
      if (result instanceof Error) throw result;
      return result;
    },
    isAlive: () => false,
  };
  return { runner, calls };
}

const fixedTime = () => ({ at: new Date('2026-03-04T21:24:33.329Z'), biasMinutes: 420 });

async function endOnline(exitCode: number, result: RunResult | undefined, answer: ProgramResult | Error = { exitCode: 0, timedOut: false }) {
  const stderr = new PassThrough();
  const { runner, calls } = fakeRunner(answer);
  const story = new RunStory(stderr, fixedTime, 1);
  story.open({ eventLog: { processes: runner, windir: 'C:\\Windows' } });
  if (result) story.ended(result);
  await story.end(exitCode);
  return { calls, stderr: String(stderr.read() ?? '') };
}

describe('the Application log event of a run', () => {
  it.each<[number, RunResult | undefined, string, string, string]>([
    [0, 'repaired', 'INFORMATION', '100', 'Exit code 0: repaired'],
    [0, 'already-done', 'INFORMATION', '101', 'Exit code 0: already repaired: nothing to change'],
    [0, undefined, 'INFORMATION', '101', 'Exit code 0: already repaired: nothing to change'],
    [0, 'rolled-back', 'INFORMATION', '102', 'Exit code 0: rolled back'],
    [3010, 'repaired', 'WARNING', '103', 'Exit code 3010: repaired; the installer asks for a reboot (exit 3010)'],
    [10, undefined, 'WARNING', '200', 'Exit code 10: refused: nothing was changed'],
    [1618, undefined, 'WARNING', '200', 'Exit code 1618: refused: nothing was changed'],
    [1603, 'repaired', 'ERROR', '300', 'Exit code 1603: failed or stopped: resume or roll back'],
  ])('exit %i (%s): eventcreate /T %s /ID %s', async (exitCode, result, type, id, text) => {
    const { calls, stderr } = await endOnline(exitCode, result);
    expect(calls).toEqual([
      {
        file: join('C:\\Windows', 'System32', 'eventcreate.exe'),
        args: ['/L', 'APPLICATION', '/SO', 'catroot-repair', '/T', type, '/ID', id, '/D', text],
      },
    ]);
    expect(stderr).toBe('');
  });

  it.each<[string, ProgramResult | Error, RegExp]>([
    ['exits non-zero', { exitCode: 1, timedOut: false }, /exit code 1/],
    ['cannot start', { exitCode: -1, timedOut: false, notStarted: 'ENOENT' }, /ENOENT/],
    ['throws', new Error('spawn failed'), /spawn failed/],
  ])('when eventcreate %s, the run says so once and ends as it would', async (_, answer, why) => {
    const { stderr } = await endOnline(0, 'repaired', answer);
    expect(stderr.match(/note: the Application log event could not be written/g)?.length).toBe(1);
    expect(stderr).toMatch(why);
  });
});
