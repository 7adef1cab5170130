import type { Step } from '../../src/engine/plan.js';
import type { InstallerSpec, RepairContext } from '../../src/repair/context.js';
import { repairsStore } from '../../src/repair/run-attachment.js';

type Facts = { offline: boolean; installer?: InstallerSpec; pendingAfter?: string };

/**
 * The article's step 9, when --installer names the package. It follows a repair: this run's, or a finished
 * earlier one after which the service pack has not succeeded (`pendingAfter`: that run), so it can be retried later.
 */
export const retrySp2: Step<RepairContext, Facts> = {
  id: 'retry-sp2',
  title: 'Retry the service pack',
  inspect: async (ctx) => {
    const offline = ctx.services.kind === 'offline';
    const pendingAfter = !offline && ctx.installer ? await ctx.retryPendingAfter() : undefined;
    return { offline, installer: ctx.installer, ...(pendingAfter === undefined ? {} : { pendingAfter }) };
  },
  plan({ offline, installer, pendingAfter }, earlier) {
    const repairs = earlier.some((s) => repairsStore(s.actions));
    if (offline || !installer || !(repairs || pendingAfter)) return [];
    return [{ kind: 'run-program', file: installer.file, args: installer.args, timeoutMs: installer.timeoutMs }];
  },
  summary({ offline, installer, pendingAfter }, actions) {
    const after = pendingAfter ? ` (run ${pendingAfter} repaired the store; the service pack has not succeeded since)` : '';
    if (actions.length) return `run ${installer?.file} ${installer?.args.join(' ')} and read the new svcpack.log session (cannot be undone)${after}`;
    if (offline) return 'offline image: retry the service pack after booting the system';
    return installer
      ? 'no repair in this run, and none waiting for the service pack: the installer is not run'
      : 'no --installer given: run the service pack yourself afterwards';
  },
  words: {
    doing: 'running the service pack',
    undoing: 'leaving the service pack as it ran (it cannot be undone)',
    done: (actions) => actions.flatMap((a) => (a.kind === 'run-program' ? [`ran ${[a.file, ...a.args].join(' ')}`] : [])).join(', '),
  },
};
