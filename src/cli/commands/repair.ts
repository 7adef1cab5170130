import { diagnose, type Diagnosis } from '../../diagnosis/diagnose.js';
import { BadInputError, RepairFailedError, SignatureNotFoundError } from '../../errors.js';
import { changesNothing } from '../../engine/plan.js';
import { collectGarbage } from '../../platform/heap.js';
import { inquirerPrompter, type Prompter } from '../../platform/prompts.js';
import type { InstallerSpec } from '../../repair/context.js';
import { installerVerdict } from '../../repair/installer-verdict.js';
import { planRepair, repair, type RepairOutcome } from '../../repair/repair.js';
import { currentRun, isUnfinished } from '../../repair/runs.js';
import type { System } from '../../repair/system.js';
import { EXIT } from '../exit-codes.js';
import { withInterrupt } from '../interrupt.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { progressView } from '../progress.js';
import { renderDiagnosis, renderPlan, renderVerify } from '../render.js';
import { openCliSystem, rerunCommand } from '../system.js';
import { INTRO, wizard } from '../wizard.js';
import { Output } from './output.js';

const INSTALLER_TIMEOUT_MS = 4 * 3600_000;

/** Refuses unless the logs show this problem: anything else needs a different fix. */
function gate(d: Diagnosis, options: CliOptions, out: Output): 'go' | 'nothing-to-do' {
  if (d.verdict === 'affected' || options.force) return 'go';
  if (d.verdict === 'resolved') {
    out.say('The latest service-pack session succeeded: nothing to repair. (--force repairs anyway.)');
    return 'nothing-to-do';
  }
  throw new SignatureNotFoundError('no 0xfffffbfe (JET_errRecordTooBig) in svcpack.log or setupapi.log: this is a different problem, and nothing was changed', 'See KB822798 and KB925931; if you are sure it is this one, run again with --force.');
}

export async function repairCommand(options: CliOptions, io: CliIo, prompter: Prompter = inquirerPrompter()): Promise<number> {
  const out = new Output(io, options);
  const ask = !options.yes && !options.dryRun;
  if (ask && !io.stdinIsTty) throw new BadInputError('no terminal to ask on, and --yes was not given; nothing was changed', 'Add --yes for unattended runs (RMM, SCCM/Intune, Ansible).');
  if (ask) out.say(INTRO);
  const system = await openCliSystem(options, io, !options.dryRun);
  const previous = await currentRun(system);
  const resuming = previous !== undefined && isUnfinished(previous);
  // Read once for both the diagnosis and the plan shown; the real run reads it again under the lock.
  // `let`: 100,000 entries are let go once the plan is made, not kept for the whole run.
  let catalogListing = resuming ? undefined : await system.world.fs.readdir(system.layout.catalogDir);
  const diagnosis = await diagnose(system.world.fs, system.layout, catalogListing);
  out.say(renderDiagnosis(diagnosis));
  out.set('diagnosis', diagnosis);
  if (!resuming && gate(diagnosis, options, out) === 'nothing-to-do') return out.finish(EXIT.ok);

  let installerFile = options.installer;
  if (ask && !resuming && !installerFile && system.world.services.kind !== 'offline') installerFile = await wizard.installerPath(prompter);
  const installer: InstallerSpec | undefined = installerFile ? { file: installerFile, args: options.installerArgs, timeoutMs: INSTALLER_TIMEOUT_MS } : undefined;
  const plan = resuming ? previous.plan : await planRepair(system, { installer, previous, catalogListing });
  catalogListing = undefined;
  out.set('plan', plan);
  if (resuming) out.say(`Resuming run ${previous.id}, stopped while ${previous.replay.state}.`);
  if (options.dryRun) {
    out.say(renderPlan(plan, true));
    out.say(resuming ? 'Dry run: the run above would be resumed; nothing was changed.' : 'Dry run: nothing was changed. The real run refuses to start if the system changes before it.');
    return out.finish(EXIT.ok);
  }
  if (!resuming && changesNothing(plan)) {
    out.say(renderPlan(plan, false));
    out.say('The repair is already done: nothing to change.');
    out.set('result', { kind: 'already-done' });
    return out.finish(EXIT.ok);
  }
  out.say(renderPlan(plan, options.verbose));
  const backupConfirmed = ask ? await wizard.backupExists(prompter) : false;
  if (ask && !(await wizard.proceed(prompter, plan, (t) => out.say(t)))) {
    out.say('Nothing was changed.');
    return out.finish(EXIT.ok);
  }

  const progress = await progressView(io, out.human);
  const outcome = await withInterrupt((signal) => repair(system, { installer, backupConfirmed, expected: resuming ? undefined : plan, onProgress: (p) => progress.update(p), signal, releaseMemory: collectGarbage }))
    .catch((error: unknown) => {
      if (error instanceof RepairFailedError) throw new RepairFailedError(error.message, `Nothing was lost. Resume: ${rerunCommand(options, system)} --yes   Undo: ${rerunCommand(options, system)} --rollback --yes`, { cause: error.cause });
      throw error;
    })
    .finally(() => progress.stop());
  return out.finish(await report(outcome, system, options, out));
}

async function report(outcome: RepairOutcome, system: System, options: CliOptions, out: Output): Promise<number> {
  if (outcome.kind === 'already-done') {
    out.say('The repair is already done: nothing to change.');
    return EXIT.ok;
  }
  out.say(`Run ${outcome.run.id}: ${outcome.report.applied} action(s) applied${outcome.report.skipped ? `, ${outcome.report.skipped} found already done` : ''}.`);
  out.say(renderVerify(outcome.verify));
  out.set('result', { kind: 'repaired', runId: outcome.run.id, runDir: outcome.run.dir, resumed: outcome.resumed, applied: outcome.report.applied, skipped: outcome.report.skipped });
  out.set('verify', outcome.verify);
  if (outcome.verify.problems.length) return EXIT.failed;

  let exit: number = EXIT.ok;
  const installerResult = [...outcome.report.results.values()].find((r) => 'exitCode' in r);
  if (installerResult) {
    const after = await diagnose(system.world.fs, system.layout);
    const verdict = installerVerdict(installerResult.exitCode as number | null, after.latestSession);
    out.say(`Service pack: ${verdict.message}`);
    out.set('installer', { ...installerResult, verdict });
    exit = verdict.kind === 'succeeded' ? EXIT.ok : verdict.kind === 'reboot-required' ? EXIT.rebootRequired : EXIT.failed;
    if (verdict.kind === 'reboot-required') out.say('Next: reboot the server.');
  } else {
    out.say(system.world.services.kind === 'offline' ? 'Next: boot the system and install the service pack again.' : 'Next: install the service pack again (or run with --installer).');
  }
  out.say(`To undo: ${rerunCommand(options, system)} --rollback`);
  return exit;
}
