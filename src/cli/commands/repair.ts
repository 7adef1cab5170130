import { diagnose, type Diagnosis } from '../../diagnosis/diagnose.js';
import { SignatureNotFoundError, BadInputError } from '../../errors.js';
import { changesNothing } from '../../engine/plan.js';
import { inquirerPrompter, type Prompter } from '../../platform/prompts.js';
import { installerVerdict } from '../../repair/installer-verdict.js';
import { planRepair, repair } from '../../repair/repair.js';
import { isUnfinished, latestRun } from '../../repair/runs.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { progressView } from '../progress.js';
import { renderDiagnosis, renderPlan, renderVerify } from '../render.js';
import { openCliSystem } from '../system.js';
import { Output } from './output.js';

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
  const system = await openCliSystem(options, io);
  const installer = options.installer ? { file: options.installer, args: options.installerArgs, timeoutMs: 4 * 3600_000 } : undefined;
  const previous = await latestRun(system);
  const resuming = previous !== undefined && isUnfinished(previous);
  const diagnosis = await diagnose(system.world.fs, system.layout);
  out.say(renderDiagnosis(diagnosis));
  out.set('diagnosis', diagnosis);
  if (!resuming && gate(diagnosis, options, out) === 'nothing-to-do') return out.finish(EXIT.ok);

  const plan = resuming ? previous.plan : await planRepair(system, installer);
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
  const backupConfirmed = await confirmStart(options, io, prompter, out);
  if (backupConfirmed === 'declined') return out.finish(EXIT.ok);

  const progress = await progressView(io, out.human);
  const outcome = await repair(system, { installer, backupConfirmed, expected: resuming ? undefined : plan, onProgress: (p) => progress.update(p) }).finally(() => progress.stop());
  if (outcome.kind === 'already-done') {
    out.say('The repair is already done: nothing to change.');
    return out.finish(EXIT.ok);
  }
  out.say(`Run ${outcome.run.id}: ${outcome.report.applied} action(s) applied${outcome.report.skipped ? `, ${outcome.report.skipped} found already done` : ''}.`);
  out.say(renderVerify(outcome.verify));
  out.set('result', { kind: 'repaired', runId: outcome.run.id, runDir: outcome.run.dir, resumed: outcome.resumed, applied: outcome.report.applied, skipped: outcome.report.skipped });
  out.set('verify', outcome.verify);
  if (outcome.verify.problems.length) return out.finish(EXIT.failed);

  let exit: number = EXIT.ok;
  const installerResult = [...outcome.report.results.values()].find((r) => 'exitCode' in r);
  if (installerResult) {
    const after = await diagnose(system.world.fs, system.layout);
    const verdict = installerVerdict(installerResult.exitCode as number | null, after.latestSession);
    out.say(`Service pack: ${verdict.message}`);
    out.set('installer', { ...installerResult, verdict });
    exit = verdict.kind === 'succeeded' ? EXIT.ok : verdict.kind === 'reboot-required' ? EXIT.rebootRequired : EXIT.failed;
  } else {
    out.say(system.world.services.kind === 'offline' ? 'Next: boot the system and install the service pack again.' : 'Next: install the service pack again (or run with --installer).');
  }
  out.say(`To undo: catroot-repair ${options.root ? `--root "${options.root}" ` : ''}--state-dir "${system.stateDir}" --rollback`);
  return out.finish(exit);
}

/** Interactive: the admin confirms the system-state backup and the plan. --yes records that nobody confirmed. */
async function confirmStart(options: CliOptions, io: CliIo, prompter: Prompter, out: Output): Promise<boolean | 'declined'> {
  if (options.yes) return false;
  if (!io.stdinIsTty) throw new BadInputError('no terminal to ask on, and --yes was not given; nothing was changed', 'Add --yes for unattended runs (RMM, SCCM/Intune, Ansible).');
  const backup = await prompter.confirm('Does a full system-state backup of this server exist (the article\'s step 1)?', false);
  if (!(await prompter.confirm('Apply the plan above?', false))) {
    out.say('Nothing was changed.');
    return 'declined';
  }
  return backup;
}

