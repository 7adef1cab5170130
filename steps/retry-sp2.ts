import type { Step } from '../src/engine/plan.js';
import type { InstallerSpec, RepairContext } from '../src/repair/context.js';

type Facts = { offline: boolean; installer?: InstallerSpec };

/** The article's step 9, when --installer names the package; it belongs to a repair, so it runs only with one. */
export const retrySp2: Step<RepairContext, Facts> = {
  id: 'retry-sp2',
  title: 'Retry the service pack',
  inspect: async (ctx) => ({ offline: ctx.services.kind === 'offline', installer: ctx.installer }),
  plan({ offline, installer }, earlier) {
    const repairs = earlier.some((s) => s.actions.some((a) => a.kind === 'move-file' || a.kind === 'rename-dir'));
    if (offline || !installer || !repairs) return [];
    return [{ kind: 'run-program', file: installer.file, args: installer.args, timeoutMs: installer.timeoutMs }];
  },
  summary({ offline, installer }, actions) {
    if (actions.length) return `run ${installer?.file} ${installer?.args.join(' ')} and read the new svcpack.log session (cannot be undone)`;
    if (offline) return 'offline image: retry the service pack after booting the system';
    return installer ? 'no repair in this run: the installer is not run' : 'no --installer given: run the service pack yourself afterwards';
  },
  words: {
    doing: 'running the service pack',
    undoing: 'leaving the service pack as it ran (it cannot be undone)',
    done: (actions) => actions.flatMap((a) => (a.kind === 'run-program' ? [`ran ${[a.file, ...a.args].join(' ')}`] : [])).join(', '),
  },
};
