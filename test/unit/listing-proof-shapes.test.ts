import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import type { Sequenced } from '../../src/engine/journal/codec.js';
import { actionsFromJournal } from '../../src/engine/journal/carried.js';
import { shapeProblem } from '../../src/repair/saved-plan-shape.js';

const rename = (extra: Record<string, unknown>) => ({
  kind: 'rename-dir',
  from: '/w/SoftwareDistribution/Download',
  to: '/w/SoftwareDistribution/Download.old',
  ...extra,
});

/** A saved plan document holding one action, whole but for its checksum's value. */
const savedPlanWith = (action: unknown) => ({
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

describe("a rename-dir's proof, read back from a journal intent and from a saved plan", () => {
  it.each([
    ['no proof (every plan made before it)', {}, true],
    ["proof: 'listing'", { proof: 'listing' }, true],
    ['an unknown proof', { proof: 'sha512' }, false],
    ['a proof that is not a string', { proof: 1 }, false],
  ])('%s: accepted %s', (_name, extra, accepted) => {
    const action = rename(extra);
    const intent = { seq: 1, type: 'intent', from: 0, to: 1, actions: [action as Action] } as Sequenced;
    if (accepted) expect(actionsFromJournal([intent], 1).actions).toEqual([action]);
    else expect(() => actionsFromJournal([intent], 1)).toThrow(/intent record for actions 0-1 is malformed/);
    expect(shapeProblem(savedPlanWith(action))).toBe(accepted ? undefined : 'field "plan" is missing or malformed');
  });
});
