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
import { fmt } from '../../numbers.js';
import { progressOf, rolledBackSummary } from '../../repair/run-words.js';
import { playbookIdOf } from '../../repair/playbook.js';
import { Output } from './output.js';
import type { EngineProgress } from '../../engine/apply.js';
import { stepEvents } from '../log/step-events.js';
import { COMPONENT } from '../log/story.js';
import { startStory } from '../log/target.js';

export async function rollbackCommand(options: CliOptions, io: CliIo, prompter: Prompter = inquirerPrompter()): Promise<number> {
  const out = new Output(io, options);
  const system = await openCliSystem(options, io, !options.dryRun);
  startStory(io, options, system, 'rollback');
  const run = await rollbackTarget(system, options.run).catch(async (error: unknown) => {
    if (error instanceof NoRunError && !options.dryRun) await clearStaleSystemLock(system);
    throw error;
  });
  out.playbook(playbookIdOf(run.replay.begin.playbook));
  // The real rollback's check before its lock: the dry run refuses the same way.
  await assertCanWrite(system, run.actions, run.dir);
  out.say(
    `Run ${run.id}: ${run.replay.state}; ${fmt(run.replay.forward.filter((p) => p !== 'untouched').length)} of ${fmt(run.replay.forward.length)} action(s) were started.`,
  );
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
  const inSteps = progressOf(run, 'rollback', system.playbooks);
  // Until its report says how many actions it undid, a rollback that stops may have undone some.
  out.changed(true);
  const steps = stepEvents(io.story, 'rollback');
  const onProgress = (p: EngineProgress) => {
    progress.update(inSteps(p));
    steps.onProgress(p);
  };
  io.story?.event('info', COMPONENT, `Rollback of run ${run.id} started (${run.replay.state})`);
  const {
    run: undoneRun,
    report,
    restored,
  } = await withInterrupt((signal) => rollback(system, onProgress, signal, run.id))
    .catch((error: unknown) => {
      if (error instanceof RepairFailedError)
        throw new RepairFailedError(error.message, `Nothing was lost. Finish it: ${rerunCommand(options, system, io)} --rollback --yes`, {
          cause: error.cause,
        });
      throw error;
    })
    .finally(() => progress.stop());
  steps.finish();
  const { undone, notes, earlierNotes, conflicts } = report;
  out.changed(undone > 0);
  const summary = rolledBackSummary(undoneRun, report, system.playbooks);
  out.set('rollback', { runId: run.id, undone, notes, earlierNotes, conflicts, summary, ...(restored ? { restored } : {}) });
  for (const note of report.notes) out.say(`  note: ${note}`);
  for (const note of report.notes) io.story?.event('warning', COMPONENT, `note: ${note}`);
  for (const conflict of report.conflicts) io.story?.event('warning', COMPONENT, `not undone: ${conflict}`);
  if (report.conflicts.length) {
    out.say(`Rollback incomplete: ${fmt(report.conflicts.length)} action(s) could not be undone and were left as they are:`);
    for (const c of report.conflicts.slice(0, 20)) out.say(`  ${c}`);
    out.say('Nothing was deleted. Resolve these, then run --rollback again.');
    return out.finish(EXIT.failed);
  }
  const changed = restored?.problems ?? [];
  out.say(
    changed.length
      ? `Rolled back run ${run.id}: everything it changed is undone, but ${fmt(changed.length)} of the ${fmt(restored?.files ?? 0)} file(s) it recorded differ from what they were before it (changed while set aside, not by this tool):`
      : `Rolled back run ${run.id}: every file and folder it changed is as it was before it${restored ? ` (${fmt(restored.files)} file(s) checked against the manifest)` : ''}.`,
  );
  for (const problem of changed.slice(0, 20)) out.say(`  ${problem}`);
  for (const sentence of summary) out.say(`  ${sentence}`);
  for (const note of report.earlierNotes) out.say(`  note (an earlier attempt): ${note}`);
  if (!changed.length) io.story?.ended('rolled-back');
  return out.finish(changed.length ? EXIT.failed : EXIT.ok);
}
