import type { Action } from './action.js';
import { statusThenApply, type Handler } from './handler.js';

type RunProgram = Extract<Action, { kind: 'run-program' }>;

export const runProgramHandler: Handler<RunProgram> = {
  ...statusThenApply(
    // Only the journal knows whether an installer ran; the engine never re-runs one in doubt.
    async () => 'pending',
    async (world, _run, a) => {
      const { exitCode, timedOut, notStarted, signal } = await world.processes.run(a.file, a.args, { timeoutMs: a.timeoutMs });
      return { exitCode, timedOut, ...(notStarted === undefined ? {} : { notStarted }), ...(signal === undefined ? {} : { signal }) };
    },
  ),
  undo: async (_world, a) => `${a.file} ran and cannot be undone by this tool`,
};
