import * as fsPromises from 'node:fs/promises';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fs } from '../../src/platform/fs.js';
import { fsFromModule } from '../../src/platform/fs-module.js';
import { realFs } from '../../src/platform/real-fs.js';
import { tempDir } from '../helpers/cli.js';

/** Each a state file (journal.jsonl) that is not a regular file of the run folder; made in `dir`, returns its path. */
const notRegular: Array<[string, (dir: string) => Promise<string>]> = [
  [
    'a link to a file elsewhere',
    async (dir) => (
      await writeFile(join(dir, 'elsewhere'), 'x\n'),
      await symlink(join(dir, 'elsewhere'), join(dir, 'journal.jsonl')),
      join(dir, 'journal.jsonl')
    ),
  ],
  ['a link to /dev/zero', async (dir) => (await symlink('/dev/zero', join(dir, 'journal.jsonl')), join(dir, 'journal.jsonl'))],
  ['a FIFO', async (dir) => (await execa('mkfifo', [join(dir, 'journal.jsonl')]), join(dir, 'journal.jsonl'))],
  ['a folder', async (dir) => (await mkdir(join(dir, 'journal.jsonl')), join(dir, 'journal.jsonl'))],
];

const kinds: Array<[string, () => Fs]> = [
  ['real Fs', realFs],
  ['promise-based Fs', () => fsFromModule(fsPromises)],
];

async function drain(chunks: AsyncIterable<Buffer>): Promise<number> {
  let n = 0;
  for await (const chunk of chunks) n += chunk.length;
  return n;
}

describe.each(kinds)("the %s never follows a link to, nor hangs on, the tool's own files", (_kind, make) => {
  it.each(notRegular)('readFile of %s is refused', async (_name, plant) => {
    const path = await plant(await tempDir());
    await expect(make().readFile(path)).rejects.toMatchObject({ code: expect.stringMatching(/^(ELOOP|EFTYPE)$/) });
  });

  it.each(notRegular)('readChunks of %s is refused', async (_name, plant) => {
    const path = await plant(await tempDir());
    await expect(drain(make().readChunks(path))).rejects.toMatchObject({ code: expect.stringMatching(/^(ELOOP|EFTYPE)$/) });
  });

  it.each(notRegular)('openAppend of %s is refused, and nothing is written through it', async (_name, plant) => {
    const dir = await tempDir();
    const path = await plant(dir);
    await expect(make().openAppend(path)).rejects.toMatchObject({ code: expect.stringMatching(/^(ELOOP|EFTYPE|EISDIR|ENXIO)$/) });
    if (_name.includes('file elsewhere')) expect(await readFile(join(dir, 'elsewhere'), 'utf8')).toBe('x\n');
  });

  it('a regular file is read and appended to as before', async () => {
    const path = join(await tempDir(), 'journal.jsonl');
    const fs = make();
    const log = await fs.openAppend(path);
    await log.append('one\n');
    await log.sync();
    await log.close();
    expect((await fs.readFile(path)).toString()).toBe('one\n');
    expect(await drain(fs.readChunks(path))).toBe(4);
  });
});
