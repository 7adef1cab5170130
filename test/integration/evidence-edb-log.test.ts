import { mkdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDB_LOG_LIMIT } from '../../src/evidence/catroot2.js';
import { readEvidence } from '../../src/evidence/read-evidence.js';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';

describe('catroot2\\edb.log on a real disk', () => {
  // KB822798: the log "may grow to 20 megabytes (MB) even though the file is typically less than 1 MB".
  it.each([
    ['20 MB and more: the catalog database log is damaged', 20 * 1024 * 1024 + 7, ['catroot2 edb.log over 20 MB']],
    ['exactly the limit counts', EDB_LOG_LIMIT, ['catroot2 edb.log over 20 MB']],
    ['just under it does not', EDB_LOG_LIMIT - 1, []],
    ['1 MB, as usual', 1024 * 1024, []],
  ])('%s', async (_name, size, names) => {
    const windir = join(await tempDir(), 'Windows');
    const catroot2 = join(windir, 'System32', 'CatRoot2');
    await mkdir(catroot2, { recursive: true });
    // Sparse: the size is set, no 20 MB is written or committed.
    await writeFile(join(catroot2, 'edb.log'), '');
    await truncate(join(catroot2, 'edb.log'), size);
    const found = await readEvidence(realFs(), windir, { online: false });
    expect(found.map((e) => e.name)).toEqual(names);
    expect(found.every((e) => e.source === 'catroot2' && e.file === join(catroot2, 'edb.log'))).toBe(true);
  });
});
