import * as fsPromises from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';
import { LISTING_CASES, verifyAfter, type TreeIo } from '../helpers/listing-proof.js';
import { memoryWorld } from '../helpers/memory-world.js';

describe('a folder set aside whole with proof by listing, on real temp folders', () => {
  it.each(LISTING_CASES)('%s', async (_name, change, problems) => {
    const { world } = memoryWorld({ fs: realFs() });
    const report = await verifyAfter(fsPromises as TreeIo, world, await tempDir(), (aside) => change(fsPromises as TreeIo, aside));
    expect(report.problems).toEqual(problems);
  });

  it('lstat gives the same whole milliseconds through the real Fs and the promise-based one, before and after renames', async () => {
    const dir = await tempDir();
    await fsPromises.mkdir(join(dir, 'd'));
    await fsPromises.writeFile(join(dir, 'd', 'f'), 'data');
    // 1,700,000,000.1234 s: a time finer than a millisecond, cut to ...123 ms by both.
    await fsPromises.utimes(join(dir, 'd', 'f'), 1_700_000_000.1234, 1_700_000_000.1234);
    const read = async (path: string) => [(await realFs().lstat(path))?.mtimeMs, (await fsFromModule(fsPromises).lstat(path))?.mtimeMs];
    expect(await read(join(dir, 'd', 'f'))).toEqual([1_700_000_000_123, 1_700_000_000_123]);
    await realFs().rename(join(dir, 'd', 'f'), join(dir, 'd', 'g'));
    await realFs().rename(join(dir, 'd'), join(dir, 'e'));
    expect(await read(join(dir, 'e', 'g'))).toEqual([1_700_000_000_123, 1_700_000_000_123]);
  });
});
