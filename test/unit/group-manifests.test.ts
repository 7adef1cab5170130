import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { GroupManifests } from '../../src/engine/group-manifests.js';
import { manifestLine, readManifest, verifyManifest } from '../../src/engine/manifest.js';
import { MapFs } from '../helpers/map-fs.js';
import type { Digest, Fs } from '../../src/platform/fs.js';
import { CATALOG_FOLDER } from '../../src/platform/windows-paths.js';
import { planRepair, repair, rollback } from '../../src/repair/repair.js';
import { faultyFs, SimulatedCrash } from '../helpers/faulty-fs.js';
import { affectedVolume, repairedVolume, ROOT } from '../helpers/scenario.js';

const CATALOGS = join(ROOT, 'WINDOWS', 'system32', 'CatRoot', CATALOG_FOLDER);

/** An Fs that runs `hook` before the named call, with the call's first argument. */
function watched(inner: Fs, on: Partial<Record<'mkdir' | 'append', (arg: string) => Promise<void>>>): Fs {
  const fs = faultyFs(inner, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs;
  return {
    ...fs,
    mkdir: async (path, options) => (await on.mkdir?.(path), fs.mkdir(path, options)),
    openAppend: async (path) => {
      const log = await fs.openAppend(path);
      return { ...log, append: async (text) => (await on.append?.(text), log.append(text)) };
    },
  };
}

/** Runs `plant` once, when the run opens its journal: after the plan is confirmed, before anything moves. */
function watchedOnce(inner: Fs, plant: () => void): Fs {
  let planted = false;
  return {
    ...inner,
    openAppend: async (path) => {
      if (!planted && path.endsWith('journal.jsonl')) {
        planted = true;
        plant();
      }
      return inner.openAppend(path);
    },
  };
}

/** Makes a run folder look as the versions before manifest.d left it: `lines` in manifest.jsonl, no manifest.d. */
async function asBeforeManifestD(fs: Fs, runDir: string, lines: readonly string[]): Promise<void> {
  for (const e of await fs.readdir(join(runDir, 'manifest.d'))) await fs.removeFile(join(runDir, 'manifest.d', e.name));
  await fs.removeEmptyDir(join(runDir, 'manifest.d'));
  await fs.removeFile(join(runDir, 'manifest.jsonl'));
  await fs.createFile(join(runDir, 'manifest.jsonl'), lines.join(''));
}

describe('the manifest of each group of moves', () => {
  it.each<[string, boolean, Action]>([
    ['a folder is created', true, { kind: 'make-dir', path: '/w/backup' }],
    ['an installer runs (it may change the files)', false, { kind: 'run-program', file: 'update.exe', args: [], timeoutMs: 1 }],
    ['a copy is made', false, { kind: 'copy-file', from: '/w/cat/a', to: '/w/cat/b' }],
  ])('while %s, the next group of moves is hashed ahead: %s', async (_name, ahead, first) => {
    const fs = MapFs.fromFiles('/w', { 'cat/KB1.cat': '1', 'cat/KB2.cat': '2' });
    const started: string[][] = [];
    const watching: Fs = {
      ...faultyFs(fs, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs,
      startDigests: (paths) => (started.push([...paths]), fs.startDigests(paths)),
    };
    const moves: Action[] = ['KB1.cat', 'KB2.cat'].map((n) => ({ kind: 'move-file', from: `/w/cat/${n}`, to: `/w/backup/${n}` }));
    const manifests = new GroupManifests(watching, { runDir: '/w/run', base: '/w', actions: [first, ...moves] });
    await manifests.beforeIntent({ from: 0, to: 1, started: false }, { from: 1, to: 3, started: false });
    expect(started).toEqual(ahead ? [['/w/cat/KB1.cat', '/w/cat/KB2.cat']] : []);
    // Hashed ahead or now, the group's record is the same.
    await manifests.beforeIntent({ from: 1, to: 3, started: false }, undefined);
    expect((await fs.readFile('/w/run/manifest.d/000000001.jsonl')).toString()).toContain('"path":"cat/KB2.cat","places":["backup/KB2.cat"]');
  });

  it("is on disk, one entry per file of the group, before the group's intent record is written", async () => {
    const volume = affectedVolume({ catalogs: 1300 });
    const system = await volume.open();
    const checked: number[] = [];
    const fs = watched(volume.fs, {
      append: async (text) => {
        const intent = /"type":"intent","from":(\d+),"to":(\d+)/.exec(text);
        if (!intent) return;
        const [from, to] = [Number(intent[1]), Number(intent[2])];
        const runDir = join(system.stateDir, 'runs', (await volume.fs.readdir(join(system.stateDir, 'runs')))[0]?.name ?? '');
        const file = join(runDir, 'manifest.d', `${String(from).padStart(9, '0')}.jsonl`);
        if (to - from < 100) return;
        const lines = (await volume.fs.readFile(file)).toString().trim().split('\n');
        expect(lines).toHaveLength(to - from);
        checked.push(to - from);
      },
    });
    const outcome = await repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false });
    expect(outcome).toMatchObject({ kind: 'repaired', verify: { problems: [] } });
    expect(checked.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1300);
  });

  it('a catalog swapped for a link before its group is hashed stops the run there; the link is never moved', async () => {
    const volume = affectedVolume({ catalogs: 1300 });
    const original = await volume.snap();
    const system = await volume.open();
    // The 901st catalog in listing order, which is the plan's order: in the second group of 512 moves.
    const victim = join(CATALOGS, (await volume.fs.readdir(CATALOGS)).map((e) => e.name).filter((n) => /^kb/i.test(n))[900] as string);
    const bytes = await volume.fs.readFile(victim);
    const fs = watched(volume.fs, {
      mkdir: async (path) => {
        if (path.endsWith('manifest.d')) volume.fs.put(victim, { kind: 'link', target: '/elsewhere' });
      },
    });
    const error = await repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/no longer a regular file/);
    expect(await volume.fs.lstat(victim)).toMatchObject({ kind: 'link' });
    const moved = Object.keys(await volume.snap()).filter((p) => p.includes('CatRoot/backup/')).length;
    expect(moved).toBeGreaterThan(0);
    expect(moved).toBeLessThan(900);
    // Put the file back as it was: the rollback then gives back the original tree.
    volume.fs.put(victim, { kind: 'file', data: bytes });
    await rollback(await volume.open());
    expect(await volume.snap()).toEqual(original);
  });

  it('a folder above the catalogs turned into a link after the plan: refused before any catalog is read for the manifest', async () => {
    const volume = affectedVolume({ catalogs: 600 });
    const system = await volume.open();
    const shown = await planRepair(system);
    const read: string[] = [];
    const fs: Fs = {
      ...faultyFs(volume.fs, { kind: 'crash', at: Number.POSITIVE_INFINITY }).fs,
      digests: (paths) => (read.push(...paths), volume.fs.digests(paths)),
      startDigests: (paths) => (read.push(...paths), volume.fs.startDigests(paths)),
    };
    // The junction keeps the same entries below it, so the plan's fingerprint cannot tell.
    const watched = { ...system, world: { ...system.world, fs: watchedOnce(fs, () => volume.fs.put(CATALOGS, { kind: 'link', target: '/elsewhere' })) } };
    const error = await repair(watched, { backupConfirmed: false, expected: shown }).catch((e: unknown) => e);
    expect(String(error)).toMatch(/not a plain folder/);
    expect(read.filter((p) => p.startsWith(CATALOGS))).toEqual([]);
  });

  it('an unfinished run made before manifest.d, resumed now: each file is recorded and verified once', async () => {
    const volume = affectedVolume({ catalogs: 1300 });
    const system = await volume.open();
    const shown = await planRepair(system);
    const actions = shown.steps.flatMap((s) => s.actions);
    const firstMove = actions.findIndex((a) => a.kind === 'move-file');
    // Stopped just before the second group of moves.
    const fs = watched(volume.fs, {
      append: async (text) => {
        const intent = /"type":"intent","from":(\d+)/.exec(text);
        if (intent && Number(intent[1]) > firstMove && actions[Number(intent[1])]?.kind === 'move-file') throw new SimulatedCrash(0);
      },
    });
    await expect(repair({ ...system, world: { ...system.world, fs } }, { backupConfirmed: false, expected: shown })).rejects.toThrow(/simulated crash/);
    // What the version before manifest.d left: manifest.jsonl with every move, written before the first one.
    const runDir = join(system.stateDir, 'runs', (await volume.fs.readdir(join(system.stateDir, 'runs')))[0]?.name ?? '');
    const lines: string[] = [];
    for await (const entry of readManifest(volume.fs, runDir)) if (!entry.path.includes('CatRoot')) lines.push(`${JSON.stringify(entry)}\n`);
    const moves = actions.flatMap((a) => (a.kind === 'move-file' ? [a] : []));
    const copies = new Map(actions.flatMap((a) => (a.kind === 'copy-file' ? [[a.from, a.to] as const] : [])));
    const now = await Promise.all(moves.map(async (m) => ((await volume.fs.lstat(m.from)) ? m.from : m.to)));
    const digests = await volume.fs.digests(now);
    moves.forEach((m, k) =>
      lines.push(manifestLine(shown.windir, m.from, [m.to, ...(copies.has(m.to) ? [copies.get(m.to) as string] : [])], digests[k] as Digest)),
    );
    await asBeforeManifestD(volume.fs, runDir, lines);
    expect(moves.length).toBeGreaterThan(1300);

    const outcome = await repair(await volume.open(), { backupConfirmed: false });
    expect(outcome).toMatchObject({ kind: 'repaired', resumed: true, verify: { files: lines.length, problems: [] } });
  });

  it('verify still reads a run folder whose manifest.jsonl holds every entry (runs made before manifest.d)', async () => {
    const { volume, outcome } = await repairedVolume(700);
    const { dir, windir } = outcome.run;
    const lines: string[] = [];
    for await (const entry of readManifest(volume.fs, dir)) lines.push(`${JSON.stringify(entry)}\n`);
    await asBeforeManifestD(volume.fs, dir, lines);
    expect(await verifyManifest(volume.fs, dir, windir)).toEqual(outcome.verify);
    expect(outcome.verify.files).toBeGreaterThan(700);
  });
});
