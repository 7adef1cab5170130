import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { affectedTree, cli } from '../helpers/cli.js';

// An escape sequence planted in a log of a mounted volume (a colour, then the window title, ended by BEL).
const PLANTED = 'KB\u001b[31mX\u001b]0;pwned\u0007.cat';

describe('text quoted from the volume reaches the terminal with its control characters as \\xNN', () => {
  it.each([[['diagnose']], [['--dry-run']]])('%j', async (args) => {
    const t = await affectedTree({ catalogs: 10 });
    await appendFile(
      join(t.root, 'WINDOWS', 'svcpack.log'),
      `954.344: InstallSingleCatalogFile: MyInstallCatalog failed for ${PLANTED}; error=0xfffffbfe.\r\n`,
    );
    const r = await cli([...args, '--root', t.root, '--state-dir', t.state]);
    expect(r.code, r.stderr).toBe(0);
    const shown = r.stdout + r.stderr;
    expect(shown).toContain('KB\\x1b[31mX\\x1b]0;pwned\\x07.cat');
    for (const raw of ['\u001b', '\u0007']) expect(shown).not.toContain(raw);
  });
});
