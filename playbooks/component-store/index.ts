import { basename, dirname, join } from 'node:path';
import type { Step } from '../../src/engine/plan.js';
import { markCbsLog, NO_LOG, readCbsSince } from '../../src/component-store/index.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { PlaybookWhere, RepairPlaybook } from '../../src/repair/playbook.js';
import { judgeRun } from './judge-run.js';
import { offlineCommands, onlinePrograms } from './programs.js';

type Facts = { offline: true; commands: string[] } | { offline: false; system32: string; source?: string };

/** DISM /RestoreHealth, then sfc /scannow, online; offline nothing runs and the commands for WinPE are printed. */
const restoreHealth: Step<RepairContext, Facts> = {
  id: 'restore-health',
  title: 'Repair the component store (DISM /RestoreHealth), then the system files (sfc /scannow)',
  async inspect(ctx) {
    const source = ctx.choices.dismSource;
    if (ctx.services.kind === 'offline') return { offline: true, commands: offlineCommands(dirname(ctx.layout.windir), basename(ctx.layout.windir), source) };
    return { offline: false, system32: ctx.layout.system32, ...(source ? { source } : {}) };
  },
  // Every online run runs them: a run that could not start DISM, or lacked a source, must be retried, and on a
  // healthy store they change nothing.
  plan: (facts) => (facts.offline ? [] : onlinePrograms(facts.system32, facts.source)),
  summary(facts, actions) {
    if (facts.offline) return `offline image: nothing runs here; from WinPE run: ${facts.commands.slice(0, 2).join(', then ')} ${facts.commands[2]}`;
    return `run ${actions.map((a) => (a.kind === 'run-program' ? [a.file, ...a.args].join(' ') : '')).join(', then ')} (they cannot be undone; they change only what Windows itself repairs)`;
  },
  words: {
    doing: 'running DISM and sfc',
    undoing: 'nothing to undo for DISM and sfc',
    done: () => 'ran DISM /RestoreHealth and sfc /scannow, or tried to: their results follow',
  },
};

const cbsLog = (where: PlaybookWhere) => join(where.layout.windir, 'Logs', 'CBS', 'CBS.log');

/** Component-store corruption (0x80073712, 0x800F081F, CSI Payload Corrupt...): DISM and sfc, with a verdict read from CBS.log. */
export const componentStore: RepairPlaybook = {
  id: 'component-store',
  title: 'Component store corruption: DISM /RestoreHealth and sfc /scannow, judged from CBS.log',
  purpose: 'Runs DISM /RestoreHealth and sfc /scannow online and reads their verdict from what they appended to CBS.log; offline, prints the commands.',
  steps: [restoreHealth],
  takes: ['dismSource'],
  // It moves nothing: the state folder holds its journal.
  roots: ({ stateDir }) => [stateDir],
  judge: {
    before: async (where) => (where.world.services.kind === 'offline' ? NO_LOG : markCbsLog(where.world.fs, cbsLog(where))),
    after: async (where, before, results) => judgeRun(await readCbsSince(where.world.fs, cbsLog(where), before as typeof NO_LOG), results),
  },
  nothingToDo: () =>
    'Offline: nothing was run and nothing was changed. Run the commands above from WinPE or another Windows, with a source that matches the image.',
  afterRun: {
    online: 'Next: restart if DISM or sfc asked for it, then run Windows Update (or the failed install) again.',
    offline: 'Next: run the commands above from WinPE.',
  },
};
