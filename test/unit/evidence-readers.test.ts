import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dberrEvidence } from '../../src/evidence/catroot2.js';
import { cbsEvidence } from '../../src/evidence/cbs-log.js';
import { dismEvidence } from '../../src/evidence/dism-log.js';
import type { Evidence } from '../../src/evidence/evidence.js';
import { reportingEventsEvidence } from '../../src/evidence/reporting-events.js';
import { windowsUpdateLogEvidence } from '../../src/evidence/windows-update-log.js';
import { textLines } from '../../src/platform/text-lines.js';
import { MapFs } from '../helpers/map-fs.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const bytes = (name: string) => readFileSync(join(fixtures, name));
/** The lines of a fixture's bytes, as the readers get them from any file. */
const linesOf = (data: Buffer | string) => textLines(MapFs.fromFiles('/', { log: data }), '/log');
const brief = (list: Evidence[]) => list.map((e) => [e.line, e.code ?? e.name, e.time]);

type Reader = (file: string, lines: AsyncIterable<string>) => Promise<Evidence[]>;
const cbs: Reader = (file, lines) => cbsEvidence([{ file, lines }]);

describe('each reader, in UTF-8 and in UTF-16LE with BOM, CRLF', () => {
  it.each([
    [
      'ReportingEvents.log: a failure later cleared by a success, one failure standing (its latest record)',
      'ReportingEvents',
      'log',
      reportingEventsEvidence,
      [[7, '0x800B0109', '2025-01-15 03:12:44:010+0100']],
    ],
    [
      'CBS.log: Error HRESULT lines (not Info), SFC, then the latest DISM summary block',
      'CBS',
      'log',
      cbs,
      [
        [6, '0x800F0831', '2025-01-15 03:02:44'],
        [9, '0x800F081F', '2025-01-15 03:58:21'],
        [33, 'SFC: Cannot repair member file', '2025-01-15 04:10:05'],
        [14, 'CSI Payload Corrupt', '2025-01-15 03:58:21'],
        [20, '0x800F081F', '2025-01-15 03:58:21'],
      ],
    ],
    [
      'dism.log: one failure repeated up the call stack is one piece of evidence, its last line',
      'dism',
      'log',
      dismEvidence,
      [[7, '0x800F081F', '2025-01-15 03:58:21']],
    ],
    [
      'WindowsUpdate.log made by Get-WindowsUpdateLog: *FAILED* [80070426], Error 0x..., Exit code = 0x...',
      'WindowsUpdate-decoded',
      'log',
      windowsUpdateLogEvidence,
      [
        [3, '0x80242006', '2025/01/15 02:05:41.3000000'],
        [4, '0x80070426', '2025/01/15 02:05:41.5000000'],
      ],
    ],
    [
      'dberr.txt: the latest line of each place and error',
      'dberr',
      'txt',
      dberrEvidence,
      [
        [4, 'Catalog database error', '4:00:04 AM 6/16/2021'],
        [5, 'Catalog database error', '4:00:04 AM 6/16/2021'],
        [6, 'Catalog database error', '4:00:04 AM 6/16/2021'],
        [7, 'Catalog database error', '4:00:04 AM 6/16/2021'],
        [8, 'Catalog database error', '4:01:08 AM 6/16/2021'],
      ],
    ],
  ] as const)('%s', async (_name, fixture, ext, read, expected) => {
    for (const encoding of ['utf8', 'utf16']) {
      const found = await read(`${fixture}.log`, linesOf(bytes(join('evidence', `${fixture}.${encoding}.${ext}`))));
      expect(brief(found), encoding).toEqual(expected);
      expect(found.every((e) => e.outcome === 'failure' && e.file === `${fixture}.log`)).toBe(true);
    }
  });
});

describe('details of each format', () => {
  it('ReportingEvents.log: the record text names the event, the operation and the message', async () => {
    const [standing] = await reportingEventsEvidence('R', linesOf(bytes('evidence/ReportingEvents.utf8.log')));
    expect(standing?.text).toMatch(/^182 \[AGENT_INSTALLING_FAILED\] Content Install: Installation Failure: .*0x800b0109: .*\(KB5049983\)\.$/);
  });

  it.each([
    ['183 install success: clears the install failure', '183 [AGENT_INSTALLING_SUCCEEDED]', 'Content Install', 0],
    ['181 install started (its result reads Success): does not clear it', '181 [AGENT_INSTALLING_STARTED]', 'Content Install', 1],
    ['a download success: does not clear an install failure', '162 [AGENT_DOWNLOAD_SUCCEEDED]', 'Content Download', 1],
  ])('ReportingEvents.log, a later record of the same update: %s', async (_name, event, operation, standing) => {
    const record = (time: string, ev: string, code: string, result: string, op: string) =>
      ['{A}', time, '1', ev, '101', '{UPDATE-1}', '200', code, 'UpdateOrchestrator', result, op, 'text', 'x'].join('\t');
    const log = [
      record('2025-01-14 03:10:11:101+0100', '182 [AGENT_INSTALLING_FAILED]', '800b0109', 'Failure', 'Content Install'),
      record('2025-01-15 03:10:11:101+0100', event, '0', 'Success', operation),
    ];
    const found = await reportingEventsEvidence(
      'R',
      (async function* () {
        yield* log;
      })(),
    );
    expect(found.length).toBe(standing);
  });

  it('CBS.log: a CBS line keeps the name of its HRESULT', async () => {
    const found = await cbs('C', linesOf(bytes('evidence/CBS.utf8.log')));
    expect(found.find((e) => e.code === '0x800F081F' && e.name)?.name).toBe('CBS_E_SOURCE_MISSING');
  });

  it.each([
    ['a later clean /RestoreHealth clears the earlier block', 'Operation result: 0x0', []],
    ['a later failing block replaces it (a payload it fixed is no evidence)', 'Operation result: 0x800f0906', [[10, '0x800F0906']]],
  ])('CBS.log, the summary block as Microsoft prints it (no line prefix): %s', async (_name, result, expected) => {
    const block = (lines: string[]) => ['Checking System Update Readiness.', ...lines, 'Summary:', 'Operation: Detect and Repair'];
    const fixed = '(p)\tCSI Payload Corrupt\t\t\t(w)\t(Fixed)\tamd64_y\\b.dll';
    const log = [...block(['(p)\tCSI Payload Corrupt\t\t\t(n)\t    \tamd64_x\\a.dll']), 'Operation result: 0x800f081f', ...block([fixed]), result].join('\r\n');
    const found = await cbs('C', linesOf(log));
    expect(found.map((e) => [e.line, e.code])).toEqual(expected);
    expect(found.map((e) => e.text)).toEqual(expected.length ? ['Detect and Repair: Operation result: 0x800f0906'] : []);
  });

  it('CBS.log and CbsPersist_*.log are read as one log, oldest first: codes are not repeated, a later block clears', async () => {
    const persisted = bytes('evidence/CBS.utf16.log');
    const clean =
      'Checking System Update Readiness.\r\nOperation result: 0x0\r\n2025-01-16 01:00:00, Error CBS Failed again [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]\r\n';
    const found = await cbsEvidence([
      { file: 'CbsPersist_20250115050000.log', lines: linesOf(persisted) },
      { file: 'CBS.log', lines: linesOf(clean) },
    ]);
    expect(found.map((e) => [e.file, e.line, e.code ?? e.name])).toEqual([
      ['CbsPersist_20250115050000.log', 9, '0x800F081F'],
      ['CBS.log', 3, '0x800F0831'],
      ['CbsPersist_20250115050000.log', 33, 'SFC: Cannot repair member file'],
    ]);
  });

  it.each([
    ['the Windows Server 2003-era log (date, space, time)', bytes('WindowsUpdate.log'), [[4, '0x8007F0DA', '2007-07-02 03:25:39:015']]],
    [
      'a tab between date and time (KB902093)',
      '2015-06-26\t14:24:33:329 1012 17bc Handler FATAL: UH: 0x800b0109: failed\n',
      [[1, '0x800B0109', '2015-06-26\t14:24:33:329']],
    ],
    [
      'the stub Windows 10 leaves in %windir%',
      "Windows Update logs are now generated using ETW (Event Tracing for Windows).\r\nPlease run the Windows PowerShell command 'Get-WindowsUpdateLog' to convert ETW traces into a readable WindowsUpdate.log.\r\n",
      [],
    ],
    ['a success code is no failure', '2025/01/15 02:05:41.5 1228 10936 Agent Exit code = 0x00000000\n', []],
  ])('WindowsUpdate.log: %s', async (_name, log, expected) => {
    expect(brief(await windowsUpdateLogEvidence('W', linesOf(log)))).toEqual(expected);
  });
});
