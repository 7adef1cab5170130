import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { decodeJournal } from '../../src/engine/journal/codec.js';
import { JournalError } from '../../src/errors.js';
import type { RepairPlaybook } from '../../src/repair/playbook.js';
import { repair, verifyLatest } from '../../src/repair/repair.js';
import { currentRun, nextRunNow } from '../../src/repair/runs.js';
import { openSystem } from '../../src/repair/system.js';
import { SimulatedCrash } from '../helpers/faulty-fs.js';
import { rewriteRun } from '../helpers/rewrite-run.js';
import { affectedVolume, ME, ROOT, STATE, withoutSystemLock } from '../helpers/scenario.js';
import { renewCatroot2 } from '../helpers/test-playbook.js';

const KNOWN = [catalogOverflow, renewCatroot2];

function volumeWithPlaybooks() {
  const volume = affectedVolume({ catalogs: 20 });
  const open = (playbook: RepairPlaybook, known: readonly RepairPlaybook[] = KNOWN) =>
    openSystem(volume.world, { root: ROOT, stateDir: STATE }, ME, playbook, known);
  return { volume, open };
}

/** A catalog-overflow run killed after its first moves: unfinished, its journal says applying. */
async function unfinishedRun(v: ReturnType<typeof volumeWithPlaybooks>) {
  const system = await v.volume.open({ kind: 'crash', at: 60 });
  await expect(repair(system, { backupConfirmed: false })).rejects.toThrow(SimulatedCrash);
  const run = await currentRun(await v.open(catalogOverflow));
  expect(run?.replay.state).toBe('applying');
  return run as NonNullable<typeof run>;
}

const beginOf = async (v: ReturnType<typeof volumeWithPlaybooks>, dir: string) =>
  decodeJournal((await v.volume.fs.readFile(join(dir, 'journal.jsonl'))).toString()).find((r) => r.type === 'begin');

describe('playbooks share a state folder', () => {
  it('a run of one playbook does not start over an unfinished run of another; that one resumes, then the other runs', async () => {
    const v = volumeWithPlaybooks();
    const stopped = await unfinishedRun(v);
    const before = withoutSystemLock(await v.volume.snap());
    const refusal = new RegExp(`run ${stopped.id} of the playbook catalog-overflow is unfinished \\(applying\\); a run of test-renew-catroot2 does not start`);
    await expect(nextRunNow(await v.open(renewCatroot2))).rejects.toThrow(refusal);
    const error = await repair(await v.open(renewCatroot2), { backupConfirmed: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JournalError);
    expect((error as JournalError).message).toMatch(refusal);
    expect((error as JournalError).hint).toMatch(/--rollback/);
    expect(withoutSystemLock(await v.volume.snap())).toEqual(before);

    const resumed = await repair(await v.open(catalogOverflow), { backupConfirmed: false });
    expect(resumed.kind === 'repaired' && resumed.resumed).toBe(true);
    const other = await repair(await v.open(renewCatroot2), { backupConfirmed: false });
    if (other.kind !== 'repaired') throw new Error(`expected a run, got ${other.kind}`);
    expect([other.run.playbook, other.run.plan?.playbook]).toEqual(['test-renew-catroot2', 'test-renew-catroot2']);
    expect(await beginOf(v, other.run.dir)).toMatchObject({ format: 2, playbook: 'test-renew-catroot2' });
    expect(await beginOf(v, stopped.dir)).toMatchObject({ format: 2, playbook: 'catalog-overflow' });
  });

  it('a run recorded without a playbook id (made before playbooks) is read as catalog-overflow', async () => {
    const v = volumeWithPlaybooks();
    const stopped = await unfinishedRun(v);
    await rewriteRun(
      v.volume.fs,
      join(stopped.dir, 'plan.json'),
      (plan) => delete plan.playbook,
      (begin) => delete begin.playbook,
    );
    expect(await beginOf(v, stopped.dir)).not.toHaveProperty('playbook');
    await expect(repair(await v.open(renewCatroot2), { backupConfirmed: false })).rejects.toThrow(/of the playbook catalog-overflow is unfinished/);
    const resumed = await repair(await v.open(catalogOverflow), { backupConfirmed: false });
    expect(resumed.kind === 'repaired' && resumed.resumed && resumed.verify.problems).toEqual([]);
  });

  it('a run is read back inside its own playbook roots, and a run of a playbook this version does not know is refused', async () => {
    const v = volumeWithPlaybooks();
    const done = await repair(await v.open(renewCatroot2), { backupConfirmed: false });
    expect(done.kind).toBe('repaired');
    const narrow: RepairPlaybook = { ...renewCatroot2, roots: ({ stateDir }) => [stateDir] };
    await expect(verifyLatest(await v.open(narrow, [narrow]))).rejects.toThrow(/catroot2: outside \/state/);
    await expect(verifyLatest(await v.open(catalogOverflow, [catalogOverflow]))).rejects.toThrow(
      /follows the playbook test-renew-catroot2, which this catroot-repair does not know/,
    );
    expect((await verifyLatest(await v.open(catalogOverflow))).verify.problems).toEqual([]);
  });
});
