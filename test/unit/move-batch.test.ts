import { describe, expect, it } from 'vitest';
import type { Action } from '../../src/engine/actions/action.js';
import { batchEnd, groupSizeAt, moveBatch } from '../../src/engine/batches.js';
import type { Progress } from '../../src/engine/run-state.js';

const moves = (n: number): Action[] => Array.from({ length: n }, (_, i) => ({ kind: 'move-file', from: `/c/${i}`, to: `/b/${i}` }));

describe('groups of moves: 512, or larger so that a plan has about 32, at most 4,096', () => {
  it.each([
    [10, 512],
    [16_384, 512],
    [20_000, 625],
    [100_000, 3_125],
    [200_000, 4_096],
  ])('%i moves: groups of %i', (n, size) => {
    expect(moveBatch(moves(n))).toBe(size);
  });

  it('a group in doubt (intent written by a run grouping by another size) takes no untouched move after it', () => {
    const actions = moves(2_000);
    const progress: Progress[] = actions.map((_, i) => (i < 512 ? 'in-doubt' : 'untouched'));
    expect(batchEnd(actions, progress, 0, 1_250)).toBe(512);
    expect(batchEnd(actions, progress, 512, 1_250)).toBe(1_762);
  });

  it('a group ends before a move already done and before any other kind of action', () => {
    const actions: Action[] = [...moves(3), { kind: 'make-dir', path: '/b' }, ...moves(2)];
    const progress: Progress[] = ['untouched', 'untouched', 'done', 'untouched', 'untouched', 'untouched'];
    expect(batchEnd(actions, progress, 0)).toBe(2);
    expect(batchEnd(actions, progress, 3)).toBe(4);
  });
});

describe("group sizes double from 512 up to the plan's size", () => {
  it.each([
    [6_250, 5, 512],
    [6_250, 517, 517],
    [6_250, 2_068, 2_068],
    [6_250, 50_000, 6_250],
  ])('cap %i, group starting at action %i: %i moves', (cap, from, size) => {
    expect(groupSizeAt(cap, from)).toBe(size);
  });
});
