import { expect } from 'vitest';
import { copiesOf } from './tree.js';

export const CRASH_CATALOGS = 1000;

/** Every original catalog-store file exists exactly once; KB912354.CAT, which the playbook copies, at least once. */
export function expectEveryFileOnce(original: Record<string, string>, now: Record<string, string>): void {
  for (const [path, count] of copiesOf(original, now, 'WINDOWS/system32/Cat')) {
    if (/KB912354\.CAT$/i.test(path)) expect(count, path).toBeGreaterThanOrEqual(1);
    else expect(count, path).toBe(1);
  }
}
