import { diagnose } from '../../diagnosis/diagnose.js';
import { NoRunError } from '../../errors.js';
import { verifyLatest } from '../../repair/repair.js';
import { listRuns, namedRun, openRun } from '../../repair/runs.js';
import { playbookIdOf } from '../../repair/playbook.js';
import { storeStatus, type StoreStatus } from '../../repair/store-status.js';
import type { Run, RunRecord } from '../../engine/run-store.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { renderVerify } from '../render.js';
import { nextSteps, renderNextSteps } from '../next-steps.js';
import { openCliSystem, rerunCommand, runProgram } from '../system.js';
import { decide } from '../choose-playbook.js';
import { sayDiagnosis } from '../say-diagnosis.js';
import { Output } from './output.js';
import { fmt } from '../../numbers.js';

/** The read-only commands: diagnose, verify, status. */
export async function inspectCommand(options: CliOptions, io: CliIo): Promise<number> {
  const out = new Output(io, options);
  const system = await openCliSystem(options, io);
  if (options.command === 'diagnose') {
    const d = await diagnose(system.world.fs, system.layout);
    const store = await storeStatus(system, d);
    const { routing, choice, modern, trace } = await decide(system, store, d, options, runProgram);
    const shown = sayDiagnosis(out, {
      diagnosis: d,
      store,
      routing,
      choice,
      known: system.playbooks.map((p) => p.id),
      evidenceAlways: options.playbook !== undefined || modern,
      unread: trace.problems,
    });
    out.playbook('refused' in choice ? null : choice.playbook.id);
    if (!shown) return out.finish(diagnoseExit(store));
    if ('refused' in choice) return out.finish(EXIT.signatureNotFound);
    return out.finish(choice.playbook.id === 'catalog-overflow' ? diagnoseExit(store) : EXIT.ok);
  }
  if (options.command === 'verify') {
    const { run, verify } = await verifyLatest(system, options.run);
    out.playbook(playbookIdOf(run.replay.begin.playbook));
    out.say(`Run ${run.id}`);
    out.say(renderVerify(verify));
    out.set('verify', { runId: run.id, ...verify });
    return out.finish(verify.problems.length ? EXIT.failed : EXIT.ok);
  }
  const runs = await listRuns(system);
  if (!runs[0]) throw new NoRunError(`no repair run found in ${system.stateDir}`);
  const listed = runs.map(summary);
  out.say(`Runs in ${system.stateDir}, newest first:`);
  for (const r of listed)
    out.say(
      `  ${r.runId}  ${r.sequence === undefined ? '(format 1)' : `#${r.sequence}`}  ${r.state}  ${fmt(r.started)} of ${fmt(r.actions)} started, ${fmt(r.undone)} undone`,
    );
  const run = options.run === undefined ? await openRun(system, runs[0]) : await namedRun(system, options.run);
  const status = { ...summary(run), runDir: run.dir, error: run.replay.error, backupConfirmed: run.replay.begin.backupConfirmed, planLost: run.planLost };
  out.say(
    `Run ${run.id} (${run.dir})\n  playbook: ${status.playbook}\n  state: ${run.replay.state}${run.replay.error ? ` (${run.replay.error})` : ''}\n  actions: ${fmt(status.started)} of ${fmt(status.actions)} started, ${fmt(status.undone)} undone\n  system-state backup confirmed by the admin: ${status.backupConfirmed ? 'yes' : 'no'}`,
  );
  if (run.planLost)
    out.say(
      `  plan.json ${run.planLost}: ${run.uncarried ? `the journal (format 1) does not record ${fmt(run.uncarried)} started action(s), so neither rollback nor resume can work without it` : 'the journal records every started action, so --rollback and verify work; resuming needs the plan'}`,
    );
  const next = nextSteps(run, rerunCommand(options, system, io));
  for (const line of renderNextSteps(next)) out.say(line);
  out.playbook(status.playbook);
  out.set('runs', listed);
  out.set('status', { ...status, next });
  return out.finish(EXIT.ok);
}

/** 10: a different problem; 1603: the service pack failed again after a repair; otherwise 0 (the text says what is next). */
function diagnoseExit(store: StoreStatus): number {
  if (store.kind === 'not-affected') return EXIT.signatureNotFound;
  return store.kind === 'repaired' && store.servicePack.kind === 'failed' ? EXIT.failed : EXIT.ok;
}

function summary(run: Run | RunRecord) {
  const { replay } = run;
  return {
    runId: run.id,
    playbook: playbookIdOf(replay.begin.playbook),
    sequence: replay.begin.sequence,
    previous: replay.begin.previous,
    state: replay.state,
    actions: replay.forward.length,
    started: replay.forward.filter((p) => p !== 'untouched').length,
    undone: replay.backward.filter((p) => p === 'done').length,
  };
}
