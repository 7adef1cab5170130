import type { SomeStep, Step } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { manifestStep } from '../../steps/common/manifest-step.js';
import { startServicesStep, stopServicesStep } from '../../steps/common/service-steps.js';
import { wuFacts } from './facts.js';
import { holdServices, releaseServices } from './hold-services.js';
import { judgeWuReset } from './judge.js';
import type { Management } from './management.js';
import { setAsideCatroot2, setAsideDataStore, setAsideDownload } from './set-aside-folders.js';
import { setAsideQueue } from './set-aside-queue.js';

/** What holds the folders, in the order they are stopped: the Update Orchestrator and Delivery Optimization first, where they exist. */
export const WU_SERVICES = ['UsoSvc', 'DoSvc', 'BITS', 'wuauserv', 'CryptSvc'] as const;

/** Changes nothing: says what manages Windows Update here, and that none of its settings is touched. */
const noteManagement: Step<RepairContext, { managed: Management[] }> = {
  id: 'note-management',
  title: 'Note what manages Windows Update here (WSUS, ConfigMgr, Intune): its settings are left alone',
  inspect: async (ctx) => ({ managed: (await wuFacts(ctx)).managed }),
  plan: () => [],
  summary: ({ managed }) =>
    managed.length
      ? `managed machine: ${managed.map((m) => `${m.name} (${m.seen})`).join('; ')}; policies, SusClientId and client settings are left as they are`
      : 'no WSUS policy, ConfigMgr or Intune client found; policies and SusClientId are left as they are in any case',
  words: { doing: 'noting management', undoing: 'nothing to undo', done: () => 'left management settings as they are' },
};

const work = async (ctx: RepairContext) => (await wuFacts(ctx)).renew;

export const wuResetSteps: ReadonlyArray<SomeStep<RepairContext>> = [
  manifestStep(
    'record the BITS queue files and catroot2 by size and sha256, and DataStore and Download (gigabytes, at times) by their listing: names, sizes, modification times',
    'recorded the manifest: sha256 of the BITS queue and catroot2, the listing of DataStore and Download, for verify',
  ),
  noteManagement,
  stopServicesStep('stop-services', WU_SERVICES, 'Stop UsoSvc, DoSvc, BITS, wuauserv and CryptSvc (those present and running)', work),
  holdServices,
  setAsideQueue,
  setAsideDataStore,
  setAsideDownload,
  setAsideCatroot2,
  releaseServices,
  startServicesStep('start-services', 'Start again what was stopped, and only that'),
];

/** Microsoft's "reset Windows Update components", reversible: everything set aside, nothing deleted. */
export const wuReset: RepairPlaybook = {
  id: 'wu-reset',
  title: 'Windows Update datastore or download corruption: reset the components, reversibly',
  purpose:
    'Sets the BITS queue, SoftwareDistribution\\DataStore and \\Download and catroot2 aside for Windows to rebuild, so updates that fail with 0x80242006 and kin download and install again.',
  steps: wuResetSteps,
  takes: ['holdServices'],
  // SoftwareDistribution, system32 (catroot2), ProgramData (the BITS queue) and the state folder: nothing else.
  roots: ({ layout, stateDir }) => [layout.softwareDistribution, layout.system32, layout.programData, stateDir],
  judge: { before: async () => undefined, after: (where, _before, _results, actions) => judgeWuReset(where, actions) },
  afterRun: {
    online: 'Next: run Windows Update again; it rebuilds DataStore, Download and catroot2 as it goes (the first scan takes longer).',
    offline: 'Next: boot the system and run Windows Update again; the first scan takes longer.',
  },
};
