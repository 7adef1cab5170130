import type { Step } from '../../src/engine/plan.js';
import type { RepairContext } from '../../src/repair/context.js';

/**
 * The article's step 1. The full system-state backup is the admin's to confirm (the wizard asks);
 * what the tool adds is a manifest: size and sha256 of every file the repair touches, each entry on disk
 * before its file is touched, so `verify` can prove later that nothing was lost. This action records the
 * files of renamed folders (catroot2); the engine records each group of moved files just before it moves.
 */
export const backup: Step<RepairContext, Record<string, never>> = {
  id: 'backup',
  title: 'Record a manifest of every file the repair touches',
  inspect: async () => ({}),
  plan: () => [{ kind: 'write-manifest' }],
  summary: () =>
    'record path, size and sha256 of every touched file in the run folder before it is touched (catroot2 in manifest.jsonl, catalogs in manifest.d/)',
  words: {
    doing: 'recording the manifest',
    undoing: 'keeping the manifest',
    done: () => 'recorded the manifest: size and sha256 of every file it touches, for verify',
  },
};
