import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { APPLIED, FOUND_DONE } from '../../src/engine/apply.js';
import type { PlannedStep } from '../../src/engine/plan.js';
import type { Progress } from '../../src/engine/run-state.js';
import { appliedSentences, progressLines, undoneSentences } from '../../src/engine/step-words.js';
import { repairSteps } from '../../playbooks/catalog-overflow/index.js';

const S32 = join('/w', 'system32');
const CATALOGS = join(S32, 'CatRoot', '{F750E6C3-38EE-11D1-85E5-00C04FC295EE}');
const BACKUP = join(S32, 'CatRoot', 'backup');
const names = Array.from({ length: 325 }, (_, i) => (i === 7 ? 'KB912354.CAT' : `KB${800000 + i}.cat`));

/** The plan of an online repair of 325 catalogs, as makePlan gives it: 334 actions in 7 steps. */
const planned: PlannedStep[] = [
  ['backup', [{ kind: 'write-manifest' }]],
  [
    'stop-cryptsvc',
    [
      { kind: 'stop-service', name: 'Netman' },
      { kind: 'stop-service', name: 'CryptSvc' },
    ],
  ],
  ['move-catalogs', [{ kind: 'make-dir', path: BACKUP }, ...names.map((n): Action => ({ kind: 'move-file', from: join(CATALOGS, n), to: join(BACKUP, n) }))]],
  ['restore-kb912354', [{ kind: 'copy-file', from: join(BACKUP, 'KB912354.CAT'), to: join(CATALOGS, 'KB912354.CAT') }]],
  [
    'rename-catroot2',
    [
      { kind: 'rename-dir', from: join(S32, 'catroot2'), to: join(S32, 'catroot2.old') },
      { kind: 'make-dir', path: join(S32, 'catroot2') },
    ],
  ],
  [
    'start-cryptsvc',
    [
      { kind: 'start-service', name: 'CryptSvc' },
      { kind: 'start-service', name: 'Netman' },
    ],
  ],
  ['retry-sp2', []],
].map(([id, actions]) => ({ id: id as string, title: `title of ${id}`, summary: '', actions: actions as Action[] }));
const TOTAL = planned.reduce((n, s) => n + s.actions.length, 0);
const MOVES = { from: 4, to: 329 }; // the move-file actions' indices: write-manifest, 2 stops and make-dir come first

/** Per action: `before` (done by an earlier attempt) and `byAction` (what this attempt did), from index ranges. */
function attempt(earlier: [number, number][], found: [number, number][] = []): { before: Progress[]; byAction: Uint8Array } {
  const before = new Array<Progress>(TOTAL).fill('untouched');
  const byAction = new Uint8Array(TOTAL).fill(APPLIED);
  for (const [from, to] of earlier) {
    before.fill('done', from, to);
    byAction.fill(0, from, to);
  }
  for (const [from, to] of found) byAction.fill(FOUND_DONE, from, to);
  return { before, byAction };
}

describe('the end of a run, in the steps’ words', () => {
  it.each([
    [
      'a fresh repair',
      appliedSentences,
      attempt([]),
      [
        'recorded the manifest: size and sha256 of every file it touches, for verify',
        'stopped Netman, CryptSvc',
        'moved 325 catalogs into CatRoot\\backup',
        'copied KB912354.CAT back into the catalog folder',
        'set catroot2 aside as catroot2.old and created an empty catroot2 for Windows to rebuild',
        'started CryptSvc, Netman',
      ],
    ],
    [
      'a resume: the stopped attempt moved 200 catalogs, this one found 25 moved (in doubt) and moved the rest',
      appliedSentences,
      attempt([[0, MOVES.from + 200]], [[MOVES.from + 200, MOVES.from + 225]]),
      [
        'recorded the manifest: size and sha256 of every file it touches, for verify (1 in the earlier attempt)',
        'stopped Netman, CryptSvc (2 in the earlier attempt)',
        'moved 325 catalogs into CatRoot\\backup (200 in the earlier attempt, 25 found already done)',
        'copied KB912354.CAT back into the catalog folder',
        'set catroot2 aside as catroot2.old and created an empty catroot2 for Windows to rebuild',
        'started CryptSvc, Netman',
      ],
    ],
    [
      'a rollback, newest first; the manifest is kept and says nothing',
      (p: PlannedStep[], s: typeof repairSteps, b: Progress[], n: Uint8Array) => undoneSentences(p, s, b, n),
      attempt([]),
      [
        'stopped CryptSvc, Netman again',
        'renamed catroot2.old back to catroot2; the new catroot2 was removed, or set aside if Windows had written into it (see the note)',
        'removed the copy of KB912354.CAT from the catalog folder',
        'moved 325 catalogs back into the catalog folder and removed CatRoot\\backup, which the repair had made',
        'started Netman, CryptSvc again',
      ],
    ],
    [
      'a rollback of a run stopped after 100 catalogs: only what was applied is undone',
      (p: PlannedStep[], s: typeof repairSteps, b: Progress[], n: Uint8Array) => undoneSentences(p, s, b, n.fill(0, MOVES.from + 100)),
      attempt([]),
      ['moved 100 catalogs back into the catalog folder and removed CatRoot\\backup, which the repair had made', 'started Netman, CryptSvc again'],
    ],
  ])('%s', (_name, sentences, { before, byAction }, expected) => {
    expect(sentences(planned, repairSteps, before, byAction)).toEqual(expected);
  });

  it('a rollback with its plan lost says how many changes the journal recorded', () => {
    expect(undoneSentences(undefined, repairSteps, [], new Uint8Array(1234).fill(APPLIED))).toEqual(['undid 1,234 change(s) the journal records']);
  });
});

describe('the progress line: per step, in files and folders', () => {
  const line = progressLines(planned, repairSteps);
  it.each([
    ['the manifest written', { phase: 'apply', at: 1 }, 'recording the manifest 1 / 1'],
    ['both services stopped', { phase: 'apply', at: 3 }, 'stopping services 2 / 2'],
    ['the backup folder made: no catalog moved yet', { phase: 'apply', at: MOVES.from }, 'moving catalogs 0 / 325'],
    ['the first group of 512 ... here 200 catalogs moved', { phase: 'apply', at: MOVES.from + 200 }, 'moving catalogs 200 / 325'],
    ['every catalog moved', { phase: 'apply', at: MOVES.to }, 'moving catalogs 325 / 325'],
    ['catroot2 set aside', { phase: 'apply', at: MOVES.to + 2 }, 'setting catroot2 aside 1 / 2'],
    ['rolling back the last 125 moves', { phase: 'rollback', at: MOVES.from + 200 }, 'moving catalogs back 125 / 325'],
    ['rolling back: the backup folder removed', { phase: 'rollback', at: MOVES.from - 1 }, 'moving catalogs back 325 / 325'],
    ['rolling back the services started', { phase: 'rollback', at: TOTAL - 2 }, 'stopping services again 2 / 2'],
  ] as const)('%s', (_name, { phase, at }, expected) => {
    const p = line({ phase, at, step: '', done: phase === 'apply' ? at : TOTAL - at, total: TOTAL });
    expect(`${p.label} ${p.done} / ${p.total}`).toBe(expected);
  });

  it('rolling back a run stopped after 100 catalogs: counts those, not the catalogs it never moved', () => {
    const line = progressLines(planned, repairSteps, (i) => i >= MOVES.from + 100);
    expect(line({ phase: 'rollback', at: MOVES.from + 50, step: '', done: 0, total: TOTAL })).toEqual({ label: 'moving catalogs back', done: 50, total: 100 });
  });

  it('without a plan (lost), counts the changes the journal records', () => {
    expect(progressLines(undefined, repairSteps)({ phase: 'rollback', at: 10, step: '', done: 90, total: 100 })).toEqual({
      label: 'undoing changes',
      done: 90,
      total: 100,
    });
  });
});
