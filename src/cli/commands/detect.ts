import { diagnose } from '../../diagnosis/diagnose.js';
import type { RunRecord } from '../../engine/run-store.js';
import { attachmentOf } from '../../repair/run-attachment.js';
import { playbookIdOf } from '../../repair/playbook.js';
import { listRuns } from '../../repair/runs.js';
import { storeStatus } from '../../repair/store-status.js';
import { decide } from '../choose-playbook.js';
import { detectLine } from '../detect-line.js';
import { detection } from '../detect-verdict.js';
import { EXIT } from '../exit-codes.js';
import type { CliIo } from '../io.js';
import type { CliOptions } from '../options.js';
import { openCliSystem, runProgram } from '../system.js';

/** The playbooks whose finished repair stands: applied, not rolled back, and a repair (not only an installer retry). */
const finishedPlaybooks = (runs: readonly RunRecord[]) =>
  new Set(runs.filter((r) => r.replay.state === 'applied' && attachmentOf(r.replay).repairs).map((r) => playbookIdOf(r.replay.begin.playbook)));

/**
 * The detection half of Intune Remediations and ConfigMgr baselines: read-only (no lock, no state folder,
 * no run), one line of JSON on stdout, exit 1 when a repair of this tool is called for, 0 when none is.
 * Its errors reach run.ts, which prints them as one line too.
 */
export async function detectCommand(options: CliOptions, io: CliIo): Promise<number> {
  const system = await openCliSystem(options, io);
  const diagnosis = await diagnose(system.world.fs, system.layout);
  // Runs that cannot be read are an error of detection (exit 12 and kin), not a verdict.
  const runs = await listRuns(system);
  const store = await storeStatus(system, diagnosis);
  const { choice, routing } = await decide(system, store, diagnosis, { ...options, force: false }, runProgram);
  const found = detection({ diagnosis, store, choice, routing, finished: finishedPlaybooks(runs) });
  const { detect, playbook, runId, evidence } = found;
  io.stdout.write(`${detectLine({ detect, playbook, store: found.store, ...(runId === undefined ? {} : { runId }), evidence }, 'evidence')}\n`);
  return found.detect === 1 ? EXIT.problemFound : EXIT.ok;
}
