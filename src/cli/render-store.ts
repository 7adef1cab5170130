import { sessionEvidence } from '../repair/installer-verdict.js';
import { FIRST_PLAYBOOK } from '../repair/playbook.js';
import type { ServicePackSince, StoreStatus } from '../repair/store-status.js';

export const runName = (s: { runId: string; sequence?: number }) => (s.sequence === undefined ? `run ${s.runId}` : `run #${s.sequence} (${s.runId})`);
const minute = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

function sinceText(since: ServicePackSince): string {
  switch (since.kind) {
    case 'succeeded':
      return `the service pack succeeded since (svcpack.log session ${since.session.started})`;
    case 'failed':
      return `the service pack ran since and did not succeed: ${sessionEvidence(since.session)}`;
    case 'not-tried':
      return 'the service pack has not run since: run it again, or catroot-repair --installer FILE';
    case 'unknown':
      return `that run did not record where svcpack.log stood (an older catroot-repair), so whether the service pack ran since is unknown${since.latest ? `; the latest session (${since.latest.started}) did not succeed` : ''}`;
  }
}

/** What this tool's runs add to the diagnosis: a finished repair and what followed it (this replaces the logs' verdict), a run left unfinished, or a note on the runs. */
export function storeStatusLines(status: StoreStatus | undefined): string[] {
  if (!status) return [];
  switch (status.kind) {
    case 'repaired':
      // What the service pack did since is catalog-overflow's follow-up; another playbook's repair is judged by the logs written after it.
      if (status.playbook !== FIRST_PLAYBOOK)
        return [
          `REPAIRED by ${status.playbook} ${runName(status)} on ${minute(status.repairedAt)}; evidence logged before then is what it repaired: retry the update, then diagnose again`,
        ];
      return [
        `REPAIRED by ${runName(status)} on ${minute(status.repairedAt)}; ${sinceText(status.servicePack)}`,
        ...(status.logReplaced ? ['svcpack.log was replaced since the repair: all of it is read as new'] : []),
      ];
    case 'run-unfinished':
      return [`UNFINISHED: ${runName(status)} stopped while ${status.state}; catroot-repair status says how to resume or undo it`];
    default:
      return status.runsUnreadable === undefined ? [] : [`note: the runs in the state folder cannot be read (${status.runsUnreadable})`];
  }
}
