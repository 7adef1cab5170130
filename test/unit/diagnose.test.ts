import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnose } from '../../src/diagnosis/diagnose.js';
import { resolveLayout } from '../../src/platform/windows-paths.js';
import { MapFs } from '../helpers/map-fs.js';
import { memoryWorld } from '../helpers/memory-world.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', name), 'utf8');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');
const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf(text), 'utf16le')]);

async function diagnoseLogs(logs: Record<string, string | Buffer>) {
  const { fs, io } = memoryWorld();
  await io.mkdir('/w/WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}', { recursive: true });
  for (const [name, data] of Object.entries(logs)) await io.writeFile(join('/w/WINDOWS', name), data);
  return diagnose(fs, await resolveLayout(fs, '/w/WINDOWS'));
}

describe('diagnose', () => {
  it.each([
    ['the SBS 2003 thread (three failed sessions)', { 'svcpack.log': fixture('svcpack-sbs2003.log') }, 'affected', '2007/07/02 05:46:14.203'],
    ['the same log with CRLF', { 'svcpack.log': crlf(fixture('svcpack-sbs2003.log')) }, 'affected', '2007/07/02 05:46:14.203'],
    ['the same log in UTF-16LE with BOM', { 'SVCPACK.LOG': utf16(fixture('svcpack-sbs2003.log')) }, 'affected', '2007/07/02 05:46:14.203'],
    ['an older failure, then a successful SP2', { 'svcpack.log': fixture('svcpack-kb822798.log') }, 'resolved', '2007/02/16 09:12:03.531'],
    ['a different failure (0xf201, no 0xfffffbfe)', { 'svcpack.log': fixture('svcpack-other-problem.log') }, 'not-affected', '2009/11/03 10:01:02.000'],
    ['no logs at all', {}, 'not-affected', undefined],
    ['only setupapi.log with #E359 0xfffffbfe', { 'setupapi.log': fixture('setupapi.log') }, 'affected', undefined],
    ['only WindowsUpdate.log with 0x8007f0da', { 'WindowsUpdate.log': fixture('WindowsUpdate.log') }, 'not-affected', undefined],
  ] as const)('%s -> %s', async (_name, logs, verdict, latest) => {
    const result = await diagnoseLogs(logs);
    expect(result.verdict).toBe(verdict);
    expect(result.latestSession?.started).toBe(latest);
  });

  it('reports each hit with file, line number and session timestamp', async () => {
    const result = await diagnoseLogs({
      'svcpack.log': fixture('svcpack-sbs2003.log'),
      'setupapi.log': fixture('setupapi.log'),
      'WindowsUpdate.log': fixture('WindowsUpdate.log'),
    });
    expect(result.svcpack.map((h) => [h.line, h.session])).toEqual([
      [9, '2007/07/02 03:25:28.140'],
      [17, '2007/07/02 04:44:11.750'],
      [27, '2007/07/02 05:46:14.203'],
    ]);
    expect(result.svcpack[2]?.text).toContain('error=0xfffffbfe');
    expect(result.latestSession?.extendedError).toBe('0xf0da');
    expect(result.setupapi.map((h) => [h.line, h.session])).toEqual([
      [4, '2007/07/02 04:44:12'],
      [7, '2007/07/02 03:25:28'],
    ]);
    expect(result.windowsUpdate).toHaveLength(2);
  });

  it('reads past a NUL block and says which lines it cut', async () => {
    const [failed, succeeded] = fixture('svcpack-kb822798.log')
      .split(/(?=0\.000: =====)/g)
      .filter(Boolean) as [string, string];
    const log = Buffer.concat([Buffer.from(crlf(failed)), Buffer.alloc(3 << 20), Buffer.from(`${'x'.repeat(100_000)}\r\n${crlf(succeeded)}`)]);
    const result = await diagnoseLogs({ 'svcpack.log': log });
    expect([result.verdict, result.latestSession?.started]).toEqual(['resolved', '2007/02/16 09:12:03.531']);
    expect(result.cutLines).toEqual([{ file: '/w/WINDOWS/svcpack.log', cutLines: 1, skippedChars: 100_000 - 65_536 }]);
  });

  const SIGNATURE = '940.344: InstallSingleCatalogFile: MyInstallCatalog failed for KB925902.cat; error=0xfffffbfe.';
  const BEFORE = '(before the first session header)';
  it.each([
    ['only the signature line (a truncated log)', `${SIGNATURE}\n`, 'affected', BEFORE, [[1, BEFORE]]],
    ['lines, then the signature, no header', `0.000: Hotfix started\n1.000: Copying files\n${SIGNATURE}\n`, 'affected', BEFORE, [[3, BEFORE]]],
    [
      'the signature, then a session that succeeded',
      `${SIGNATURE}\n${fixture('svcpack-kb822798.log').split(/(?=0\.000: =====)/g)[1]}`,
      'resolved',
      '2007/02/16 09:12:03.531',
      [[1, BEFORE]],
    ],
    ['a header-less log without the signature', '0.000: Hotfix started\n1.000: Copying files\n', 'not-affected', undefined, []],
  ] as const)('lines before any session header: %s', async (_name, log, verdict, latest, hits) => {
    const result = await diagnoseLogs({ 'svcpack.log': log });
    expect(result.verdict).toBe(verdict);
    expect(result.latestSession?.started).toBe(latest);
    expect(result.svcpack.map((h) => [h.line, h.session])).toEqual(hits);
  });

  it('counts the hotfix catalogs and sees catroot2', async () => {
    const fs = MapFs.fromFiles('/w', {
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/KB1.cat': 'x',
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/kb2.CAT': 'x',
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/Q3.txt': 'x',
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/tmp4.cat': 'x',
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/tmp5.tmp': 'x',
      'WINDOWS/system32/CatRoot/{F750E6C3-38EE-11D1-85E5-00C04FC295EE}/oem1.cat': 'x',
    });
    const result = await diagnose(fs, await resolveLayout(fs, '/w/WINDOWS'));
    expect(result.catalogs).toEqual({ kb: 2, q: 1, tmp: 1, total: 4 });
    expect(result.catroot2Exists).toBe(false);
  });
});
