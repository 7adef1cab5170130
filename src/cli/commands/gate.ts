import { SignatureNotFoundError } from '../../errors.js';
import type { StoreStatus } from '../../repair/store-status.js';
import type { CliOptions } from '../options.js';
import { runName } from '../render-store.js';
import type { Output } from './output.js';

/**
 * Refuses unless the logs show this problem: anything else needs a different fix. After a repair of this
 * tool, the plan decides (new catalogs to move, the service pack to retry, or nothing), unless the service
 * pack has succeeded since.
 */
export function gate(store: StoreStatus, options: CliOptions, out: Output): 'go' | 'nothing-to-do' {
  if (store.kind === 'repaired') {
    if (store.servicePack.kind !== 'succeeded' || options.force) return 'go';
    out.say(`The service pack succeeded after the repair of ${runName(store)}: nothing to do. (--force repairs anyway.)`);
    return 'nothing-to-do';
  }
  if (store.kind === 'affected' || store.kind === 'run-unfinished' || options.force) return 'go';
  if (store.kind === 'resolved') {
    out.say('The latest service-pack session succeeded: nothing to repair. (--force repairs anyway.)');
    return 'nothing-to-do';
  }
  throw new SignatureNotFoundError(
    'no 0xfffffbfe (JET_errRecordTooBig) in svcpack.log or setupapi.log: this is a different problem, and nothing was changed',
    'See KB822798 and KB925931; if you are sure it is this one, run again with --force.',
  );
}

/** After "already done": what is left to do when the service pack has not succeeded since the repair. */
export function afterRepairHint(store: StoreStatus | undefined, online: boolean, rerun: string): string | undefined {
  if (store?.kind !== 'repaired' || store.servicePack.kind === 'succeeded') return undefined;
  if (!online) return 'Next: boot the system and install the service pack again.';
  return `Next: install the service pack again, or let catroot-repair run it and read its verdict (nothing else is changed): ${rerun} --installer FILE`;
}
