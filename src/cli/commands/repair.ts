import type { Entry } from '../../platform/fs.js';
import { diagnose } from '../../diagnosis/diagnose.js';
import { BadInputError, RepairFailedError } from '../../errors.js';
import { actionsOf, changesNothing } from '../../engine/plan.js';
import type { EngineProgress } from '../../engine/apply.js';
import { planToResume, type Run } from '../../engine/run-store.js';
import type { ProgressLine } from '../../engine/step-words.js';
import { collectGarbage } from '../../platform/heap.js';
import { inquirerPrompter, type Prompter } from '../../platform/prompts.js';
import type { InstallerSpec } from '../../repair/context.js';
import { assertInstallerFile, installerProblem } from '../../repair/installer-file.js';
import { storeStatus } from '../../repair/store-status.js';
import { clearStaleSystemLock, planRepair, repair, type RepairOptions, type RepairOutcome } from '../../repair/repair.js';
import { nextRunNow } from '../../repair/runs.js';
import { playbookIdOf } from '../../repair/playbook.js';
import { progressOf, repairedSummary } from '../../repair/run-words.js';
import type { System } from '../../repair/system.js';
import { afterRunOf, SAVED_PLAN_FORMAT, SAVED_PLAN_KIND, writeSavedPlan } from '../../repair/saved-plan.js';
import { assertCanWrite } from '../../repair/writable.js';
import { EXIT } from '../exit-codes.js';
import { withInterrupt } from '../interrupt.js';
import { assertCanAsk, type CliIo } from '../io.js';
import { VERSION, type CliOptions } from '../options.js';
import { progressView } from '../progress.js';
import { renderPlan, renderResume, renderVerify } from '../render.js';
import { quoteArg } from '../invocation.js';
import { planListOn } from '../plan-list.js';
import { openCliSystem, rerunCommand, runProgram } from '../system.js';
import { assertChoicesFit, decide } from '../choose-playbook.js';
import { sayDiagnosis } from '../say-diagnosis.js';
import { answeredNo, INTRO, wizard } from '../wizard.js';
import { afterRepairHint, gate } from './gate.js';
import { reportInstaller } from './installer-report.js';
import { reportJudgement } from './judgement-report.js';
import { Output } from './output.js';
import { stepEvents } from '../log/step-events.js';
import { COMPONENT } from '../log/story.js';
import { startStory } from '../log/target.js';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';

const INSTALLER_TIMEOUT_MS = 4 * 3600_000;

export async function repairCommand(options: CliOptions, io: CliIo, prompter: Prompter = inquirerPrompter()): Promise<number> {
  const out = new Output(io, options);
  const ask = !options.yes && !options.dryRun;
  if (ask) assertCanAsk(io);
  if (ask) out.say(INTRO);
  const opened = await openCliSystem(options, io, !options.dryRun);
  startStory(io, options, opened, 'repair');
  const online = opened.world.services.kind !== 'offline';
  // Online the installer runs, so a path that is no file is refused before anything else; offline it is not used.
  let installerFile = options.installer === undefined ? undefined : resolve(options.installer);
  if (installerFile && online) await assertInstallerFile(opened.world.fs, installerFile);
  const saveTo = options.savePlan === undefined ? undefined : resolve(options.savePlan);
  if (saveTo && (await opened.world.fs.lstat(saveTo)))
    throw new BadInputError(`${saveTo} exists; a saved plan never replaces a file, and nothing was changed`, 'Give a new file name.');
  // Read once for both the diagnosis and the plan shown; the real run reads it again under the lock.
  // `let`: 100,000 entries are let go once the plan is made, not kept for the whole run.
  let catalogListing: Entry[] | undefined = await opened.world.fs.readdir(opened.layout.catalogDir);
  const diagnosis = await diagnose(opened.world.fs, opened.layout, catalogListing);
  const status = await storeStatus(opened, diagnosis);
  // The evidence chooses the playbook (or --playbook names it) before the state folder is asked for its next run.
  const decided = await decide(opened, status, diagnosis, options, runProgram);
  const { system, choice } = decided;
  // The same check the real run makes under the lock: a dry run shows its refusal or its resume.
  const next = await nextRunNow(system);
  const resuming = next.kind === 'resume';
  const previous = next.kind === 'resume' ? next.run : next.previous;
  if (saveTo && next.kind === 'resume')
    throw new BadInputError(
      `run ${next.run.id} is unfinished: the next repair resumes it, so there is no new plan to save; nothing was changed`,
      'Run --dry-run without --save-plan to see what the resume would do.',
    );
  if (resuming) catalogListing = undefined;
  const store = resuming ? undefined : status;
  sayDiagnosis(out, {
    diagnosis,
    ...(store ? { store } : {}),
    routing: decided.routing,
    choice,
    known: system.playbooks.map((p) => p.id),
    evidenceAlways: options.playbook !== undefined || decided.modern,
    unread: decided.trace.problems,
  });
  if (!resuming && 'refused' in choice) throw choice.refused;
  out.playbook(next.kind === 'resume' ? playbookIdOf(next.run.replay.begin.playbook) : system.playbook.id);
  if (!resuming) assertChoicesFit(system);
  // catalog-overflow keeps its own gate (svcpack.log); another playbook was chosen by its evidence, and its plan decides.
  if (store && system.playbook.id === 'catalog-overflow' && gate(store, options, out) === 'nothing-to-do') {
    if (saveTo) out.say('No plan was saved.');
    return out.finish(EXIT.ok);
  }

  if (ask && !resuming && !installerFile && online) installerFile = await wizard.installerPath(prompter, (path) => installerProblem(system.world.fs, path));
  const installer: InstallerSpec | undefined = installerFile
    ? { file: installerFile, args: options.installerArgs, timeoutMs: INSTALLER_TIMEOUT_MS }
    : undefined;
  const plan = next.kind === 'resume' ? planToResume(next.run) : await planRepair(system, { installer, previous, catalogListing });
  catalogListing = undefined;
  out.set('plan', plan);
  // The real run's check before its lock, before the admin is asked to go ahead: a dry run refuses the same way.
  if (next.kind === 'resume') await assertCanWrite(system, next.run.actions, next.run.dir);
  else if (!changesNothing(plan)) await assertCanWrite(system, actionsOf(plan));
  if (options.dryRun && next.kind === 'resume') {
    const { forward } = next.run.replay;
    const done = forward.filter((p) => p === 'done').length;
    out.set('resume', { runId: next.run.id, actions: forward.length, done, remaining: forward.length - done });
    out.say(renderResume(next.run, true));
    out.say('Dry run: nothing was changed. The real run resumes the run above.');
    return out.finish(EXIT.ok);
  }
  if (resuming) out.say(`Resuming run ${next.run.id}, stopped while ${next.run.replay.state}.`);
  if (options.dryRun) {
    out.say(renderPlan(plan, true));
    out.say('Dry run: nothing was changed. The real run refuses to start if the system changes before it.');
    if (saveTo) {
      const { windir } = system.layout;
      const saved = {
        kind: SAVED_PLAN_KIND,
        format: SAVED_PLAN_FORMAT,
        version: VERSION,
        windir,
        stateDir: system.stateDir,
        installer: installer ?? null,
        afterRun: afterRunOf(next.kind === 'new' ? next.latest : undefined),
        savedAt: system.world.clock.now().toISOString(),
        plan,
      } as const;
      await writeSavedPlan(system.world.fs, saveTo, saved);
      out.set('savedPlan', { file: saveTo });
      out.say(`Plan saved to ${saveTo}. To apply exactly this plan: ${rerunCommand(options, system, io)} --plan ${quoteArg(saveTo, io.platform)} --yes`);
    }
    return out.finish(EXIT.ok);
  }
  if (!resuming && changesNothing(plan)) {
    // A run killed after its last record but before it let go of its lock left only that lock: clear it.
    await clearStaleSystemLock(system);
    out.say(renderPlan(plan, false));
    out.say(system.playbook.nothingToDo?.(system) ?? 'The repair is already done: nothing to change.');
    // The service pack hint is catalog-overflow's: svcpack.log is its evidence.
    const hint = system.playbook.id === 'catalog-overflow' ? afterRepairHint(store, online, rerunCommand(options, system, io)) : undefined;
    if (hint) out.say(hint);
    out.set('result', { kind: 'already-done' });
    io.story?.ended('already-done');
    // The repair stands but the service pack failed again since: the system is not well, as detect and diagnose say (1603).
    const failedSince = system.playbook.id === 'catalog-overflow' && store?.kind === 'repaired' && store.servicePack.kind === 'failed';
    return out.finish(failedSince ? EXIT.failed : EXIT.ok);
  }
  out.say(renderPlan(plan, options.verbose));
  const backupConfirmed = ask ? await wizard.backup(prompter, (t) => out.say(t)) : false;
  // A list longer than the screen goes to a new file in the temp folder: the current one may be system32.
  const list = planListOn(out.human, system.world.fs, tmpdir(), `catroot-repair-plan-${plan.fingerprint.slice(0, 12)}`);
  if (ask && !(await wizard.proceed(prompter, plan, (t) => out.say(t), list))) throw answeredNo();

  return applyAndReport(system, options, io, out, { installer, backupConfirmed, expected: resuming ? undefined : plan });
}

/** Applies under the lock with a progress view, then reports; a failure's message says how to resume or undo. */
export async function applyAndReport(
  system: System,
  options: CliOptions,
  io: CliIo,
  out: Output,
  what: Pick<RepairOptions, 'installer' | 'backupConfirmed' | 'expected' | 'saved'>,
): Promise<number> {
  const progress = await progressView(io, out.human);
  let inSteps: ((p: EngineProgress) => ProgressLine) | undefined;
  let started: Run | undefined;
  const steps = stepEvents(io.story, 'apply');
  const onStart = (run: Run) => {
    started = run;
    inSteps = progressOf(run, 'apply', system.playbooks);
    out.changed(true);
    io.story?.event('info', COMPONENT, runStartWords(run, system));
  };
  const onProgress = (p: EngineProgress) => {
    if (inSteps) progress.update(inSteps(p));
    steps.onProgress(p);
  };
  const outcome = await withInterrupt((signal) => repair(system, { ...what, onStart, onProgress, signal, releaseMemory: collectGarbage }))
    .catch((error: unknown) => {
      const again = rerunCommand(options, system, io);
      if (error instanceof RepairFailedError)
        throw new RepairFailedError(error.message, `Nothing was lost.${servicesLeft(started)} Resume: ${again} --yes   Undo: ${again} --rollback --yes`, {
          cause: error.cause,
        });
      throw error;
    })
    .finally(() => progress.stop());
  steps.finish();
  return out.finish(await report(outcome, system, options, io, out));
}

/** The run's first line in the log: what it follows, the plan it applies, and how much there is. */
function runStartWords(run: Run, system: System): string {
  const plan = run.plan ? `plan ${run.plan.fingerprint}, ${run.plan.steps.length} step(s)` : `plan.json ${run.planLost ?? 'lost'}`;
  return `Run ${run.id} started: playbook ${run.playbook ?? system.playbook.id}, ${plan}, ${run.actions.length} action(s), ${run.replay.forward.filter((p) => p === 'done').length} already done`;
}

/** What a stopped run may leave as it is until it is resumed or undone: services stopped, start types disabled. */
function servicesLeft(run: Run | undefined): string {
  const names = (kind: 'stop-service' | 'set-start-type') => [
    ...new Set(run?.actions.flatMap((a) => (a.kind === kind && (a.kind !== 'set-start-type' || a.to === 'disabled') ? [a.name] : [])) ?? []),
  ];
  const [stopped, disabled] = [names('stop-service'), names('set-start-type')];
  const parts = [...(stopped.length ? [`stopped: ${stopped.join(', ')}`] : []), ...(disabled.length ? [`set to disabled: ${disabled.join(', ')}`] : [])];
  return parts.length ? ` Until then these services may be left ${parts.join('; ')}.` : '';
}

async function report(outcome: RepairOutcome, system: System, options: CliOptions, io: CliIo, out: Output): Promise<number> {
  out.changed(outcome.kind === 'repaired' && outcome.report.applied > 0);
  io.story?.ended(outcome.kind);
  if (outcome.kind === 'already-done') {
    out.say(system.playbook.nothingToDo?.(system) ?? 'The repair is already done: nothing to change.');
    return EXIT.ok;
  }
  const summary = repairedSummary(outcome.run, outcome.report, system.playbooks);
  out.say(`Run ${outcome.run.id}${outcome.resumed ? ', resumed' : ''}:`);
  for (const sentence of summary) out.say(`  ${sentence}`);
  out.say(renderVerify(outcome.verify));
  out.set('result', {
    kind: 'repaired',
    runId: outcome.run.id,
    runDir: outcome.run.dir,
    resumed: outcome.resumed,
    applied: outcome.report.applied,
    skipped: outcome.report.skipped,
    summary,
  });
  out.set('verify', outcome.verify);
  if (outcome.verify.problems.length) return EXIT.failed;

  const judged = system.playbook.judge ? await reportJudgement(outcome, system, out) : undefined;
  const installerExit = judged ?? (await reportInstaller(outcome, system, out, rerunCommand(options, system, io)));
  if (installerExit === undefined || judged === EXIT.ok) {
    const next = system.playbook.afterRun;
    if (next) out.say(system.world.services.kind === 'offline' ? next.offline : next.online);
  }
  out.say(`To undo: ${rerunCommand(options, system, io)} --rollback --yes`);
  return installerExit ?? EXIT.ok;
}
