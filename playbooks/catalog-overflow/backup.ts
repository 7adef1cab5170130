import { manifestStep } from '../../steps/common/manifest-step.js';

/**
 * The article's step 1. The full system-state backup is the admin's to confirm (the wizard asks);
 * what the tool adds is a manifest. This action records the files of renamed folders (catroot2); the
 * engine records each group of moved files just before it moves.
 */
export const backup = manifestStep(
  'record path, size and sha256 of every touched file in the run folder before it is touched (catroot2 in manifest.jsonl, catalogs in manifest.d/)',
);
