import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NO_LOG, readCbsSince, type CbsReading } from '../../src/component-store/index.js';
import { MapFs } from '../helpers/map-fs.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures', 'component-store');
const LOG = '/w/Windows/Logs/CBS/CBS.log';

/** A log read whole (the mark of a log that was not there): what DISM and SFC left in it. */
async function readWhole(data: Buffer | string): Promise<CbsReading> {
  return readCbsSince(MapFs.fromFiles('/w/Windows/Logs/CBS', { 'CBS.log': data }), LOG, NO_LOG);
}
const brief = ({ verdict }: CbsReading) => ({ ...verdict, cited: verdict.cited.map((c) => c.line) });

/** Each fixture is a CBS.log tail in a captured format; its README says which, and from what source. */
describe('the component store verdict, from what DISM /RestoreHealth and sfc /scannow appended to CBS.log', () => {
  it.each([
    ['DISM finds nothing, SFC repairs nothing (Server 2025 layout)', 'healthy', { kind: 'healthy', cited: [12, 14, 21, 47, 49] }],
    ['DISM repairs two payloads (Fixed), SFC then finds nothing', 'repaired', { kind: 'repaired', repaired: 2, cited: [10, 11, 15, 17, 24, 50, 52] }],
    [
      'DISM: Missing replacement payload, 0x800f081f; SFC finding nothing does not clear it',
      'source-missing',
      { kind: 'source-missing', code: '0x800F081F', cited: [10, 11, 12, 13, 17, 19, 26] },
    ],
    [
      'DISM finds nothing, SFC cannot repair files whose store copy is corrupt too (Server 2022)',
      'sfc-cannot-repair',
      { kind: 'not-repaired', dismUnrepaired: 0, sfcUnrepaired: 4, cited: [10, 12, 18, 35, 39, 41, 45] },
    ],
    [
      'Server 2016: the report is one entry of unprefixed lines; 0x800f0906, nothing downloaded',
      'server2016-download-failure',
      { kind: 'source-missing', code: '0x800F0906', cited: [6, 7, 8, 9, 13, 15, 21] },
    ],
  ] as const)('%s', async (_name, fixture, expected) => {
    for (const encoding of ['utf8', 'utf16']) {
      const reading = await readWhole(readFileSync(join(fixtures, `${fixture}.${encoding}.log`)));
      expect(brief(reading), encoding).toEqual(expected);
      expect(reading.notes, encoding).toEqual([]);
      expect(
        reading.verdict.cited.every((c) => c.file === LOG && c.time?.startsWith('2026-03-1')),
        encoding,
      ).toBe(true);
    }
  });

  it('a line without the prefix has the time of the entry it belongs to, and its message as text', async () => {
    const { verdict } = await readWhole(readFileSync(join(fixtures, 'server2016-download-failure.utf8.log')));
    expect(verdict.cited.find((c) => c.line === 13)).toEqual({ file: LOG, line: 13, time: '2026-03-13 15:59:25', text: 'Operation result: 0x800f0906' });
  });
});

const P = (time: string, message: string, component = 'CBS') => `2026-03-10 ${time}, Info                  ${component.padEnd(7)}${message}`;
const SR = (time: string, message: string) => P(time, `00000010 [SR] ${message}`, 'CSI');
const block = (time: string, result: string, detected: number, repaired: number, operation = 'Detect and Repair ') => [
  P(time, 'Checking System Update Readiness.'),
  P(time, 'Summary:'),
  P(time, `Operation: ${operation}`),
  P(time, `Operation result: ${result}`),
  P(time, `Total Detected Corruption:\t${detected}`),
  P(time, `Total Repaired Corruption:\t${repaired}`),
];
const sfcRun = (time: string, repairing: number, ...middle: string[]) => [
  SR(time, 'Verifying 100 components'),
  SR(time, 'Verify complete'),
  SR(time, `Repairing ${repairing} components`),
  ...middle,
  SR(time, 'Repair complete'),
];
const text = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('the verdict rules, one case each', () => {
  it.each<[string, string[], Record<string, unknown>, string[]?]>([
    ['nothing of DISM or SFC: unknown, and why', [P('09:00:00', 'TI: --- Initializing Trusted Installer ---')], { kind: 'unknown', cited: [] }],
    [
      'a DISM report cut before its summary: unknown, with a note',
      [P('09:00:00', 'Checking System Update Readiness.'), P('09:00:00', '(p)\tCSI Payload Corrupt\t(n)\t\t\tx\\y.dll')],
      { kind: 'unknown', cited: [] },
      ["DISM's report at line 1 has no summary: the run did not finish"],
    ],
    [
      'an SFC run that did not finish does not count, with a note',
      [...block('09:00:00', '0x0', 0, 0), SR('09:01:00', 'Verifying 100 components')],
      { kind: 'healthy', cited: [4, 5, 6] },
      ["SFC's run at line 7 did not finish"],
    ],
    [
      '/ScanHealth detected corruption and repaired none: not repaired',
      block('09:00:00', '0x0', 3, 0, 'Detect only '),
      { kind: 'not-repaired', dismUnrepaired: 3, sfcUnrepaired: 0, cited: [4, 5, 6] },
    ],
    [
      'DISM failed with another code (0x800f0831): not repaired, with the code',
      block('09:00:00', '0x800f0831', 0, 0),
      { kind: 'not-repaired', dismUnrepaired: 0, sfcUnrepaired: 0, code: '0x800F0831', cited: [4, 5, 6] },
    ],
    [
      'DISM repaired less than it detected, no source code: not repaired',
      block('09:00:00', '0x0', 3, 2),
      { kind: 'not-repaired', dismUnrepaired: 1, sfcUnrepaired: 0, cited: [4, 5, 6] },
    ],
    [
      '0x800F0915 (repair content not found anywhere): source missing',
      block('09:00:00', '0x800f0915', 1, 0),
      { kind: 'source-missing', code: '0x800F0915', cited: [4, 5, 6] },
    ],
    [
      'a later DISM report replaces an earlier one',
      [...block('09:00:00', '0x800f081f', 2, 0), ...block('10:00:00', '0x0', 2, 2)],
      { kind: 'repaired', repaired: 2, cited: [10, 11, 12] },
    ],
    [
      'SFC alone repairs a component from the store',
      sfcRun('09:00:00', 1, SR('09:00:00', 'Repairing corrupted file \\??\\C:\\Windows\\System32\\x.dll from store')),
      { kind: 'repaired', repaired: 1, cited: [3, 4, 5] },
    ],
    [
      'a later SFC run replaces one that could not repair',
      [...sfcRun('09:00:00', 1, SR('09:00:00', "Cannot repair member file [l:5]'x.dll' of X, hash mismatch")), ...sfcRun('10:00:00', 0)],
      { kind: 'healthy', cited: [8, 9] },
    ],
    [
      'drivers: SFC names a corrupt driver and its repair (DEPLOY [Pnp]), then one it leaves corrupt',
      sfcRun(
        '09:00:00',
        0,
        P('09:00:00', '[Pnp] Corrupt file: C:\\WINDOWS\\System32\\drivers\\BthA2dp.sys', 'DEPLOY'),
        P('09:00:00', '[Pnp] Repaired file: C:\\WINDOWS\\System32\\drivers\\btha2dp.sys', 'DEPLOY'),
        P('09:00:00', '[Pnp] Corrupt file: C:\\WINDOWS\\System32\\drivers\\bthmodem.sys', 'DEPLOY'),
      ),
      { kind: 'not-repaired', dismUnrepaired: 0, sfcUnrepaired: 1, cited: [6] },
    ],
    [
      'drivers SFC repaired all: repaired',
      sfcRun(
        '09:00:00',
        0,
        P('09:00:00', '[Pnp] Corrupt file: C:\\WINDOWS\\System32\\drivers\\BthA2dp.sys', 'DEPLOY'),
        P('09:00:00', '[Pnp] Repaired file: C:\\WINDOWS\\System32\\drivers\\BthA2dp.sys', 'DEPLOY'),
      ),
      { kind: 'repaired', repaired: 1, cited: [3, 5, 6] },
    ],
  ])('%s', async (_name, lines, expected, notes = []) => {
    const reading = await readWhole(text(lines));
    const { why: _why, ...verdict } = brief(reading) as Record<string, unknown>;
    expect(verdict).toEqual(expected);
    expect(reading.notes).toEqual(notes);
  });

  it('an unknown verdict says why, with the number of lines read', async () => {
    const { verdict } = await readWhole(text([P('09:00:00', 'a'), P('09:00:01', 'b')]));
    expect(verdict).toEqual({ kind: 'unknown', why: 'no DISM summary and no finished SFC run in the 2 line(s) appended since the mark', cited: [] });
  });

  it('what is kept stays bounded: 100,000 lines SFC cannot repair and 5,000 corrupt drivers, a few of each cited', async () => {
    const cannot = Array.from({ length: 100_000 }, (_, i) => SR('09:00:00', `Cannot repair member file [l:9]'f${i}.dll' of X, hash mismatch`));
    const drivers = Array.from({ length: 5_000 }, (_, i) => P('09:00:00', `[Pnp] Corrupt file: C:\\d\\${i}.sys`, 'DEPLOY'));
    const { verdict } = await readWhole(text(sfcRun('09:00:00', 1, ...cannot, ...drivers)));
    expect(verdict).toMatchObject({ kind: 'not-repaired', sfcUnrepaired: 105_000 });
    // 10 lines SFC cannot repair and the 100 drivers tracked by path.
    expect(verdict.cited.length).toBe(110);
  });
});
