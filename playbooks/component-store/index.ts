import { dirname, join } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import { markCbsLog, NO_LOG, readCbsSince } from '../../src/component-store/index.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { PlaybookWhere, RepairPlaybook } from '../../src/repair/playbook.js';
import { judgeRun } from './judge-run.js';
import { offlineCommands, onlinePrograms } from './programs.js';

type Facts = { offline: true; commands: string[] } | { offline: false; renew: boolean; system32: string; source?: string };

/** DISM /RestoreHealth, then sfc /scannow, online; offline nothing runs and the commands for WinPE are printed. */
const restoreHealth: Step<RepairContext, Facts> = {
  id: 'restore-health',
  title: 'Repair the component store (DISM /RestoreHealth), then the system files (sfc /scannow)',
  async inspect(ctx) {
    const source = ctx.choices.dismSource;
    if (ctx.services.kind === 'offline') return { offline: true, commands: offlineCommands(dirname(ctx.layout.windir), ctx.layout.windir, source) };
    const { priorRepair } = await ctx.survey();
    return { offline: false, renew: !priorRepair, system32: ctx.layout.system32, ...(source ? { source } : {}) };
  },
  plan: (facts) => (facts.offline || !facts.renew ? [] : onlinePrograms(facts.system32, facts.source)),
  summary(facts, actions) {
    if (facts.offline) return `offline image: nothing runs here; from WinPE run: ${facts.commands.join(', then ')}`;
    if (!actions.length) return 'DISM and sfc ran in the finished run: diagnose shows their verdict; nothing to do';
    return `run ${actions.map((a) => (a.kind === 'run-program' ? [a.file, ...a.args].join(' ') : '')).join(', then ')} (they cannot be undone; they change only what Windows itself repairs)`;
  },
  words: {
    doing: 'running DISM and sfc',
    undoing: 'nothing to undo for DISM and sfc',
    done: () => 'ran DISM /RestoreHealth and sfc /scannow',
  },
};

const cbsLog = (where: PlaybookWhere) => join(where.layout.windir, 'Logs', 'CBS', 'CBS.log');

/** Component-store corruption (0x80073712, 0x800F081F, CSI Payload Corrupt...): DISM and sfc, with a verdict read from CBS.log. */
export const componentStore: RepairPlaybook = {
  id: 'component-store',
  title: 'Component store corruption: DISM /RestoreHealth and sfc /scannow, judged from CBS.log',
  purpose: 'Runs DISM /RestoreHealth and sfc /scannow online and reads their verdict from what they appended to CBS.log; offline, prints the commands.',
  steps: [restoreHealth],
  // It moves nothing: the state folder holds its journal.
  roots: ({ stateDir }) => [stateDir],
  judge: {
    before: async (where) => (where.world.services.kind === 'offline' ? NO_LOG : markCbsLog(where.world.fs, cbsLog(where))),
    after: async (where, before, results) => judgeRun(await readCbsSince(where.world.fs, cbsLog(where), before as typeof NO_LOG), results),
  },
  nothingToDo: (where) =>
    where.world.services.kind === 'offline'
      ? 'Offline: nothing was run and nothing was changed. Run the commands above from WinPE or another Windows, with a source that matches the image.'
      : 'DISM and sfc ran in the finished run; nothing was run again. To run them again, roll that run back first (it changes nothing on disk).',
  afterRun: {
    online: 'Next: restart if DISM or sfc asked for it, then run Windows Update (or the failed install) again.',
    offline: 'Next: run the commands above from WinPE.',
  },
};
