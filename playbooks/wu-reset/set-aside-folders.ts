import type { Step } from '../../src/engine/plan.js';
import type { Entry } from '../../src/platform/fs.js';
import type { RepairContext } from '../../src/repair/context.js';
import { catroot2AsideSays, folderAsideSays, setAsideAndRenew } from '../../steps/common/set-aside.js';
import { wuFacts, type WuFacts } from './facts.js';

type ParentFacts = { renew: boolean; online: boolean; parent?: { dir: string; entries: Entry[] } };

/** Sets `name` of the parent `where` picks aside under a fresh name (.old, .old-N) and makes an empty one; never its parent. */
function setAsideStep(
  id: string,
  name: string,
  where: (facts: WuFacts) => ParentFacts['parent'],
  aside: { holders: readonly string[]; proof?: 'listing' },
  says = folderAsideSays(name),
): Step<RepairContext, ParentFacts> {
  return {
    id,
    title: `Set ${name} aside under a fresh name and create an empty ${name}`,
    async inspect(ctx) {
      const facts = await wuFacts(ctx);
      const parent = where(facts);
      return { renew: facts.renew, online: ctx.services.kind !== 'offline', ...(parent ? { parent } : {}) };
    },
    // Offline no service runs: there is nothing to stop again.
    plan: ({ renew, online, parent }) =>
      renew && parent
        ? setAsideAndRenew(parent.dir, parent.entries, name, {
            ...(online ? { holders: [...aside.holders] } : {}),
            ...(aside.proof ? { proof: aside.proof } : {}),
          })
        : [],
    ...says,
  };
}

// Microsoft's current procedure renames DataStore and Download, not SoftwareDistribution: ReportingEvents.log and the rest stay.
// Windows Update Medic and the Update Orchestrator start wuauserv again on their own: a rename that finds the folder in use stops them again.
const UPDATE_HOLDERS = ['UsoSvc', 'DoSvc', 'BITS', 'wuauserv'];
// DataStore and Download can hold gigabytes: proven by their listing (names, sizes, modification times), not hashed.
const UPDATE_FOLDER = { holders: UPDATE_HOLDERS, proof: 'listing' } as const;
export const setAsideDataStore = setAsideStep('set-aside-datastore', 'DataStore', (f) => f.softwareDistribution, UPDATE_FOLDER);
export const setAsideDownload = setAsideStep('set-aside-download', 'Download', (f) => f.softwareDistribution, UPDATE_FOLDER);
export const setAsideCatroot2 = setAsideStep(
  'reset-catroot2',
  'catroot2',
  (f) => ({ dir: f.system32, entries: f.system32Entries }),
  { holders: ['CryptSvc'] },
  catroot2AsideSays,
);
