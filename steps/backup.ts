import type { Step } from '../src/engine/plan.js';
import type { RepairContext } from '../src/repair/context.js';

/**
 * The article's step 1. The full system-state backup is the admin's to confirm (the wizard asks);
 * what the tool adds is a manifest: size and sha256 of every file the repair touches, written before
 * the first file moves, so `verify` can prove later that nothing was lost.
 */
export const backup: Step<RepairContext, Record<string, never>> = {
  id: 'backup',
  title: 'Record a manifest of every file the repair touches',
  inspect: async () => ({}),
  plan: () => [{ kind: 'write-manifest' }],
  summary: () => 'write manifest.jsonl (relative path, size, sha256 of every touched file) into the run folder',
};
