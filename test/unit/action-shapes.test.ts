import { describe, expect, it } from 'vitest';
import { actionsFromJournal } from '../../src/engine/journal/carried.js';
import type { Sequenced } from '../../src/engine/journal/codec.js';
import { shapeProblem } from '../../src/repair/saved-plan-shape.js';

const RENAME = { kind: 'rename-dir', from: '/w/a', to: '/w/a.old' };
const SET = { kind: 'set-start-type', name: 'wuauserv', from: 'demand', to: 'disabled' };

/** Each optional field, well formed or not, as a journal's intent and as a saved plan carry it. */
const CASES: Array<[string, Record<string, unknown>, boolean]> = [
  ['a rename without holders', RENAME, true],
  ['a rename with holders', { ...RENAME, holders: ['wuauserv', 'BITS'] }, true],
  ['holders that are not names', { ...RENAME, holders: ['wuauserv', 3] }, false],
  ['holders that are not a list', { ...RENAME, holders: 'wuauserv' }, false],
  ["a rename with proof: 'listing'", { ...RENAME, proof: 'listing' }, true],
  ['a rename with holders and a proof', { ...RENAME, holders: ['BITS'], proof: 'listing' }, true],
  ['an unknown proof', { ...RENAME, proof: 'sha512' }, false],
  ['a proof that is not a string', { ...RENAME, proof: 1 }, false],
  ['a start type set', SET, true],
  ['every start type', { ...SET, from: 'delayed-auto', to: 'boot' }, true],
  ['a start type sc does not know', { ...SET, to: 'off' }, false],
  ['a start type without its service', { ...SET, name: undefined }, false],
];

const intent = (action: Record<string, unknown>) => [{ seq: 1, type: 'intent', from: 0, to: 1, actions: [action] }] as unknown as Sequenced[];

const savedPlan = (action: Record<string, unknown>) => ({
  kind: 'catroot-repair saved plan',
  format: 1,
  version: '0.1.0',
  windir: '/w',
  stateDir: '/s',
  installer: null,
  afterRun: null,
  savedAt: '2026-01-01T00:00:00.000Z',
  plan: { format: 1, fingerprint: 'f', windir: '/w', stateDir: '/s', steps: [{ id: 's', title: 't', summary: 'u', actions: [action] }] },
  sha256: '0'.repeat(64),
});

describe("the shapes of rename-dir's holders and proof, and of set-start-type", () => {
  it.each(CASES)('journal: %s', (_, action, good) => {
    const read = () => actionsFromJournal(intent(action), 1).actions;
    if (good) expect(read()).toEqual([action]);
    else expect(read).toThrow(/malformed; refusing to act on it/);
  });

  it.each(CASES)('saved plan: %s', (_, action, good) => {
    expect(shapeProblem(savedPlan(action))).toBe(good ? undefined : 'field "plan" is missing or malformed');
  });
});
