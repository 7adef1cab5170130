import type { Diagnosis, Verdict } from '../diagnosis/diagnose.js';
import type { SvcpackSession } from '../diagnosis/svcpack-log.js';
import { readSvcpack, sessionsSince, type SvcpackMark, type SvcpackNow } from '../diagnosis/svcpack-mark.js';
import type { RunStateName } from '../engine/run-state.js';
import type { RunRecord } from '../engine/run-store.js';
import { attachmentOf } from './run-attachment.js';
import { playbookIdOf } from './playbook.js';
import { listRuns } from './runs.js';
import type { System } from './system.js';

/** What the service pack did after a repair, by the svcpack.log sessions begun since the repair started. */
export type ServicePackSince =
  | { kind: 'succeeded' | 'failed'; session: SvcpackSession }
  | { kind: 'not-tried' }
  /** The run did not record where svcpack.log stood (an older catroot-repair), and the latest session did not succeed. */
  | { kind: 'unknown'; latest?: SvcpackSession };

/** `playbook`: the id of the playbook whose run it is. */
export type RepairStatus =
  | { kind: 'repaired'; runId: string; sequence?: number; playbook: string; repairedAt: string; servicePack: ServicePackSince; logReplaced?: true }
  | { kind: 'run-unfinished'; runId: string; sequence?: number; playbook: string; state: RunStateName };

/** The state of the store: this tool's standing repair and what happened since, or without one, the logs' verdict. */
export type StoreStatus = RepairStatus | { kind: Verdict; runsUnreadable?: string };

function since(log: SvcpackNow, mark: SvcpackMark | undefined): { servicePack: ServicePackSince; logReplaced?: true } {
  if (!mark) {
    const latest = log.sessions.at(-1);
    return { servicePack: latest?.outcome === 'succeeded' ? { kind: 'succeeded', session: latest } : { kind: 'unknown', ...(latest ? { latest } : {}) } };
  }
  const { sessions, replaced } = sessionsSince(log, mark);
  const newest = sessions.at(-1);
  const servicePack: ServicePackSince = !newest ? { kind: 'not-tried' } : { kind: newest.outcome === 'succeeded' ? 'succeeded' : 'failed', session: newest };
  return { servicePack, ...(replaced ? { logReplaced: true } : {}) };
}

/**
 * The newest run that stands (not rolled back, and started): a finished repair and what the service pack
 * did since, or a run left unfinished. A run that only retried the service pack is passed over for the
 * repair it followed. Undefined: no run of this tool stands.
 */
export async function repairStatus(system: System, runs?: readonly RunRecord[]): Promise<RepairStatus | undefined> {
  for (const record of runs ?? (await listRuns(system))) {
    const { state } = record.replay;
    if (state === 'rolled-back' || state === 'planned') continue;
    const id = {
      runId: record.id,
      ...(record.sequence === undefined ? {} : { sequence: record.sequence }),
      playbook: playbookIdOf(record.replay.begin.playbook),
    };
    if (state !== 'applied') return { kind: 'run-unfinished', ...id, state };
    const attachment = attachmentOf(record.replay);
    if (!attachment.repairs) continue;
    const applied = record.records.findLast((r) => r.type === 'state' && r.state === 'applied');
    const repairedAt = applied?.type === 'state' ? applied.at : record.replay.begin.at;
    const log = await readSvcpack(system.world.fs, system.layout.logs.svcpack);
    return { kind: 'repaired', ...id, repairedAt, ...since(log, attachment.svcpack) };
  }
  return undefined;
}

/** One answer to "what is the state of this store", for `diagnose`, the repair's gate, and detection scripts. */
export async function storeStatus(system: System, diagnosis: Pick<Diagnosis, 'verdict'>): Promise<StoreStatus> {
  try {
    return (await repairStatus(system)) ?? { kind: diagnosis.verdict };
  } catch (error) {
    // The logs are read whatever state the runs are in; the commands that act on runs refuse such runs themselves.
    return { kind: diagnosis.verdict, runsUnreadable: error instanceof Error ? error.message : String(error) };
  }
}

/** The run whose repair stands while the service pack has not succeeded since: the installer may be retried after it. */
export async function retryPendingAfter(system: System): Promise<string | undefined> {
  const status = await repairStatus(system);
  return status?.kind === 'repaired' && status.servicePack.kind !== 'succeeded' ? status.runId : undefined;
}
