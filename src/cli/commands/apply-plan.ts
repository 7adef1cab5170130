import { resolve } from 'node:path';
import { inquirerPrompter, type Prompter } from '../../platform/prompts.js';
import { assertInstallerFile } from '../../repair/installer-file.js';
import { actionsOf } from '../../engine/plan.js';
import { checkSavedPlan } from '../../repair/repair.js';
import { nextRunNow } from '../../repair/runs.js';
import { assertNoRunSince, readSavedPlan } from '../../repair/saved-plan.js';
import { playbookIdOf } from '../../repair/playbook.js';
import { assertCanWrite } from '../../repair/writable.js';
import { EXIT } from '../exit-codes.js';
import { assertCanAsk, type CliIo } from '../io.js';
import { VERSION, type CliOptions } from '../options.js';
import { renderPlan } from '../render.js';
import { openCliSystem } from '../system.js';
import { answeredNo } from '../wizard.js';
import { Output } from './output.js';
import { startStory } from '../log/target.js';
import { applyAndReport } from './repair.js';

/**
 * --plan FILE: the saved plan, applied exactly or refused. No new diagnosis and no new plan: the plan was made
 * after the diagnosis passed, and under the lock the disk must still give that very plan.
 */
export async function applyPlanCommand(options: CliOptions, io: CliIo, prompter: Prompter = inquirerPrompter()): Promise<number> {
  const out = new Output(io, options);
  const ask = !options.yes && !options.dryRun;
  if (ask) assertCanAsk(io);
  const opened = await openCliSystem(options, io, !options.dryRun);
  startStory(io, options, opened, 'repair with a saved plan');
  const file = resolve(options.plan as string);
  const { playbook } = opened;
  // Without --playbook, the saved plan names its own, among those this version knows.
  const anyOf = options.playbook === undefined ? Object.fromEntries(opened.playbooks.map((p) => [p.id, p.roots(opened)])) : undefined;
  const saved = await readSavedPlan(opened.world.fs, file, {
    version: VERSION,
    windir: opened.layout.windir,
    stateDir: opened.stateDir,
    playbook: playbook.id,
    roots: playbook.roots(opened),
    ...(anyOf ? { anyOf } : {}),
  });
  const system = { ...opened, playbook: opened.playbooks.find((p) => p.id === playbookIdOf(saved.plan.playbook)) ?? playbook };
  // The saved plan's installer must still be there: refused before anything changes, as --installer is.
  if (saved.installer && system.world.services.kind !== 'offline') await assertInstallerFile(system.world.fs, resolve(saved.installer.file));
  out.playbook(system.playbook.id);
  out.set('savedPlan', { file, savedAt: saved.savedAt, afterRun: saved.afterRun });
  out.set('plan', saved.plan);
  // The same pre-check as every repair (a stopped rollback is refused), before the plan is shown.
  const next = await nextRunNow(system);
  await assertCanWrite(system, actionsOf(saved.plan));
  out.say(`Saved plan ${file} (saved ${saved.savedAt})`);
  out.say(renderPlan(saved.plan, options.dryRun || options.verbose));
  if (options.dryRun) {
    await checkSavedPlan(system, saved);
    out.say('Dry run: the saved plan is still the plan for this system; nothing was changed. The real run checks again before it starts.');
    return out.finish(EXIT.ok);
  }
  assertNoRunSince(saved, next);
  if (ask && !(await prompter.confirm('Apply this saved plan now?', false))) throw answeredNo();
  return applyAndReport(system, options, io, out, { installer: saved.installer ?? undefined, backupConfirmed: false, saved });
}
