import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { svcpackFailureSession, svcpackSuccessSession } from '../../src/demo/logs.js';
import { decodeJournal, encodeRecord } from '../../src/engine/journal/codec.js';
import type { JournalRecord } from '../../src/engine/journal/records.js';
import { changesNothing, actionsOf } from '../../src/engine/plan.js';
import { runNames, runsDir } from '../../src/engine/run-store.js';
import type { Fs } from '../../src/platform/fs.js';
import { simulatedServices } from '../../src/platform/simulated-services.js';
import { planRepair, repair, rollback } from '../../src/repair/repair.js';
import { storeStatus } from '../../src/repair/store-status.js';
import type { System } from '../../src/repair/system.js';
import { affectedVolume, ROOT, STATE } from '../helpers/scenario.js';

const SVCPACK = join(ROOT, 'WINDOWS', 'svcpack.log');
const ORIGINAL = '2007/07/02 05:46:14.203';

async function append(fs: Fs, outcome: 'failed' | 'succeeded', started: string) {
  const log = await fs.openAppend(SVCPACK);
  await log.append(`${outcome === 'failed' ? svcpackFailureSession(started) : svcpackSuccessSession(started)}\r\n`);
  await log.close();
}

/** Rewrites the newest run's journal, re-signed, as an older version or a killed run would have left it. */
async function editJournal(fs: Fs, edit: (records: JournalRecord[]) => JournalRecord[]) {
  const path = join(runsDir(STATE), (await runNames(fs, STATE)).at(-1) as string, 'journal.jsonl');
  const records = edit(decodeJournal((await fs.readFile(path)).toString()).map(({ seq: _, ...r }) => r as JournalRecord));
  await fs.removeFile(path);
  await fs.createFile(path, records.map((r, seq) => encodeRecord(seq, r)).join(''));
}
const withoutMark = (records: JournalRecord[]) => records.map((r) => (r.type === 'begin' ? { ...r, attached: undefined } : r));

/** An affected volume, online (a simulated service manager), whose installer appends a session with the outcome `installer` gives. */
function onlineVolume(installer: () => 'failed' | 'succeeded') {
  const texts = new Map([['/services.json', JSON.stringify({ services: { CryptSvc: { state: 'running' } } })]]);
  const services = simulatedServices('/services.json', { read: async (p) => texts.get(p) as string, write: async (p, t) => void texts.set(p, t) });
  let n = 0;
  const volume = affectedVolume(
    { catalogs: 20 },
    {
      services,
      processes: {
        run: async () => {
          const outcome = installer();
          await append(volume.fs, outcome, `2026/11/22 0${++n}:00:00.000`);
          return { exitCode: outcome === 'succeeded' ? 0 : 1603, timedOut: false };
        },
        isAlive: () => false,
      },
    },
  );
  return volume;
}
const INSTALLER = { file: '/opt/sp2.exe', args: ['/passive'], timeoutMs: 1000 };

type Volume = ReturnType<typeof affectedVolume>;
const repaired = async (v: Volume) => void (await repair(await v.open(), { backupConfirmed: false }));

describe('storeStatus: one answer to "what is the state of this store"', () => {
  it.each<[string, (v: Volume) => Promise<void>, object]>([
    ['no runs: the logs decide', async () => undefined, { kind: 'affected' }],
    [
      'repaired, no session since',
      repaired,
      {
        kind: 'repaired',
        runId: expect.stringMatching(/^000001-/),
        sequence: 1,
        repairedAt: expect.stringMatching(/^2026-11-22T/),
        servicePack: { kind: 'not-tried' },
      },
    ],
    [
      'repaired, then the service pack succeeded',
      async (v) => (await repaired(v), await append(v.fs, 'succeeded', '2026/11/23 10:00:00.000')),
      { kind: 'repaired', servicePack: { kind: 'succeeded', session: { started: '2026/11/23 10:00:00.000' } } },
    ],
    [
      'repaired, then it failed again',
      async (v) => (await repaired(v), await append(v.fs, 'failed', '2026/11/23 10:00:00.000')),
      { kind: 'repaired', servicePack: { kind: 'failed', session: { started: '2026/11/23 10:00:00.000', extendedError: '0xf0da' } } },
    ],
    [
      'repaired, failed, then succeeded: the newest decides',
      async (v) => (await repaired(v), await append(v.fs, 'failed', '2026/11/23 10:00:00.000'), await append(v.fs, 'succeeded', '2026/11/23 11:00:00.000')),
      { kind: 'repaired', servicePack: { kind: 'succeeded' } },
    ],
    [
      'a success written before the repair is not "since"',
      async (v) => (await append(v.fs, 'succeeded', '2026/11/21 10:00:00.000'), await repaired(v)),
      { kind: 'repaired', servicePack: { kind: 'not-tried' } },
    ],
    [
      'a session dated before the repair but written after it is "since" (clocks are not compared)',
      async (v) => (await repaired(v), await append(v.fs, 'succeeded', '1999/01/01 00:00:00.000')),
      { kind: 'repaired', servicePack: { kind: 'succeeded' } },
    ],
    ['repaired, then rolled back: the logs decide', async (v) => (await repaired(v), void (await rollback(await v.open()))), { kind: 'affected' }],
    [
      'svcpack.log replaced by a shorter one: all of it is new',
      async (v) => (
        await repaired(v),
        await v.fs.removeFile(SVCPACK),
        await v.fs.createFile(SVCPACK, `${svcpackSuccessSession('2026/11/23 10:00:00.000')}\r\n`)
      ),
      { kind: 'repaired', logReplaced: true, servicePack: { kind: 'succeeded' } },
    ],
    [
      'svcpack.log replaced by a longer one of other sessions',
      async (v) => (
        await repaired(v),
        await v.fs.removeFile(SVCPACK),
        await v.fs.createFile(SVCPACK, `${svcpackFailureSession('2026/11/23 09:00:00.000')}\r\n${svcpackFailureSession('2026/11/23 10:00:00.000')}\r\n`)
      ),
      { kind: 'repaired', logReplaced: true, servicePack: { kind: 'failed', session: { started: '2026/11/23 10:00:00.000' } } },
    ],
    [
      'a run without a mark (an older catroot-repair), latest session failed: unknown',
      async (v) => (await repaired(v), await editJournal(v.fs, withoutMark)),
      { kind: 'repaired', servicePack: { kind: 'unknown', latest: { started: ORIGINAL } } },
    ],
    [
      'a run without a mark, latest session succeeded',
      async (v) => (await repaired(v), await editJournal(v.fs, withoutMark), await append(v.fs, 'succeeded', '2026/11/23 10:00:00.000')),
      { kind: 'repaired', servicePack: { kind: 'succeeded' } },
    ],
    [
      'a run killed before its end',
      async (v) => (await repaired(v), await editJournal(v.fs, (r) => r.slice(0, -1))),
      { kind: 'run-unfinished', sequence: 1, state: 'applying' },
    ],
    [
      'a damaged journal: the logs decide, and the runs are said unreadable',
      async (v) => (await repaired(v), await editJournal(v.fs, (r) => [r[0] as JournalRecord, ...r.slice(2)])),
      { kind: 'affected', runsUnreadable: expect.stringMatching(/journal/) },
    ],
  ])('%s', async (_name, make, expected) => {
    const v = affectedVolume({ catalogs: 20 });
    await make(v);
    expect(await storeStatus(await v.open(), { verdict: 'affected' })).toMatchObject(expected);
  });

  it('the logs verdict passes through when no run stands', async () => {
    const v = affectedVolume({ catalogs: 5 });
    expect(await storeStatus(await v.open(), { verdict: 'not-affected' })).toEqual({ kind: 'not-affected' });
  });
});

describe('retrying the service pack later, without repairing again (online)', () => {
  const planOf = async (system: System, installer = true) => actionsOf(await planRepair(system, installer ? { installer: INSTALLER } : {})).map((a) => a.kind);

  it('after a failed retry: only the installer is planned, journaled as its own run; the status still names the repair', async () => {
    const outcomes: Array<'failed' | 'succeeded'> = ['failed', 'succeeded'];
    const v = onlineVolume(() => outcomes.shift() as 'failed' | 'succeeded');
    const first = await repair(await v.open(), { backupConfirmed: false, installer: INSTALLER });
    expect(first.kind === 'repaired' && first.run.id).toMatch(/^000001-/);
    expect(await storeStatus(await v.open(), { verdict: 'affected' })).toMatchObject({ kind: 'repaired', sequence: 1, servicePack: { kind: 'failed' } });
    const repairedTree = await v.snap();

    expect(changesNothing(await planRepair(await v.open()))).toBe(true);
    expect(await planOf(await v.open())).toEqual(['write-manifest', 'run-program']);
    const retry = await repair(await v.open(), { backupConfirmed: false, installer: INSTALLER });
    expect(retry.kind === 'repaired' && retry.run.id).toMatch(/^000002-/);
    expect(retry.kind === 'repaired' && retry.run.replay.begin.attached).toMatchObject({ repairs: false });
    // Nothing but svcpack.log changed.
    const { 'WINDOWS/svcpack.log': _a, ...before } = repairedTree;
    const { 'WINDOWS/svcpack.log': _b, ...after } = await v.snap();
    expect(after).toEqual(before);
    expect(await storeStatus(await v.open(), { verdict: 'affected' })).toMatchObject({
      kind: 'repaired',
      sequence: 1,
      servicePack: { kind: 'succeeded', session: { started: '2026/11/22 02:00:00.000' } },
    });

    // Succeeded since: nothing is planned, installer or not.
    expect(changesNothing(await planRepair(await v.open(), { installer: INSTALLER }))).toBe(true);
    expect(await repair(await v.open(), { backupConfirmed: false, installer: INSTALLER })).toMatchObject({ kind: 'already-done' });
  });

  it('offline the installer alone is never planned; after a rollback it comes with a new repair', async () => {
    const offline = affectedVolume({ catalogs: 5 });
    await repaired(offline);
    expect(changesNothing(await planRepair(await offline.open(), { installer: INSTALLER }))).toBe(true);
    const online = onlineVolume(() => 'failed');
    await repair(await online.open(), { backupConfirmed: false, installer: INSTALLER });
    await rollback(await online.open());
    expect(await planOf(await online.open())).toContain('move-file');
  });
});
