import type { Step } from '../../src/engine/plan.js';

const SHA256_PROOF = 'recorded the manifest: size and sha256 of every file it touches, for verify';

/**
 * The first step of every repair: a manifest of every file it touches, each entry on disk before its file
 * is touched, so `verify` can prove later that nothing was lost. `summary` is its plan line.
 */
export function manifestStep(summary: string, done = SHA256_PROOF): Step<unknown, Record<string, never>> {
  return {
    id: 'backup',
    title: 'Record a manifest of every file the repair touches',
    inspect: async () => ({}),
    plan: () => [{ kind: 'write-manifest' }],
    summary: () => summary,
    words: { doing: 'recording the manifest', undoing: 'keeping the manifest', done: () => done },
  };
}
