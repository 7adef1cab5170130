import { inquirerPrompter, type Prompter } from '../../platform/prompts.js';
import { clearStaleSystemLock, rollback } from '../../repair/repair.js';
import { rollbackTarget } from '../../repair/runs.js';
import { assertCanWrite } from '../../repair/writable.js';
import { NoRunError, RepairFailedError } from '../../errors.js';
import { EXIT } from '../exit-codes.js';
import { assertCanAsk, type CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { withInterrupt } from '../interrupt.js';
import { progressView } from '../progress.js';
import { openCliSystem, rerunCommand } from '../system.js';
import { answeredNo } from '../wizard.js';
import { Output } from './output.js';

export async function rollbackCommand(options: CliOptions, io: CliIo, prompter: Prompter = inquirerPrompter()): Promise<number> {
  const out = new Output(io, options);
  const system = await openCliSystem(options, io, !options.dryRun);
  const run = await rollbackTarget(system, options.run).catch(async (error: unknown) => {
    if (error instanceof NoRunError && !options.dryRun) await clearStaleSystemLock(system);
    throw error;
  });
  // The real rollback's check before its lock: the dry run refuses the same way.
  await assertCanWrite(system, run.actions, run.dir);
  out.say(`Run ${run.id}: ${run.replay.state}; ${run.replay.forward.filter((p) => p !== 'untouched').length} of ${run.replay.forward.length} action(s) were started.`);
  if (run.planLost) out.say(`  plan.json ${run.planLost}: the rollback works from the journal alone, which records every action that was started.`);
  if (options.dryRun) {
    out.say('Dry run: the rollback would undo them newest first; nothing was changed.');
    return out.finish(EXIT.ok);
  }
  if (!options.yes) {
    assertCanAsk(io, 'Add --yes to roll back unattended.');
    if (!(await prompter.confirm('Undo this run and restore the catalog store as it was?', false))) throw answeredNo();
  }
  const progress = await progressView(io, out.human);
  const { report } = await withInterrupt((signal) => rollback(system, (p) => progress.update(p), signal, run.id))
    .catch((error: unknown) => {
      if (error instanceof RepairFailedError) throw new RepairFailedError(error.message, `Nothing was lost. Finish it: ${rerunCommand(options, system)} --rollback --yes`, { cause: error.cause });
      throw error;
    })
    .finally(() => progress.stop());
  out.set('rollback', { runId: run.id, ...report });
  for (const note of report.notes) out.say(`  note: ${note}`);
  if (report.conflicts.length) {
    out.say(`Rollback incomplete: ${report.conflicts.length} action(s) could not be undone and were left as they are:`);
    for (const c of report.conflicts.slice(0, 20)) out.say(`  ${c}`);
    out.say('Nothing was deleted. Resolve these, then run --rollback again.');
    return out.finish(EXIT.failed);
  }
  out.say(`Rolled back: ${report.undone} action(s) undone; the catalog store is as it was before run ${run.id}.`);
  for (const note of report.earlierNotes) out.say(`  note (an earlier attempt): ${note}`);
  return out.finish(EXIT.ok);
}
