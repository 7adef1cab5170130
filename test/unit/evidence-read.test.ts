import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvidence, type EvidenceTrace } from '../../src/evidence/read-evidence.js';
import type { RunCommand } from '../../src/platform/sc/sc-services.js';
import { MapFs } from '../helpers/map-fs.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'evidence', name));

/** A Windows Server 2022 volume as found offline, its names in the case each folder happens to have. */
function modernVolume(extra: Record<string, Buffer | string> = {}) {
  return MapFs.fromFiles('/mnt', {
    'WINDOWS/SYSTEM32/config/SYSTEM': '',
    'WINDOWS/SYSTEM32/CatRoot2/dberr.txt': fixture('dberr.utf16.txt'),
    'WINDOWS/SYSTEM32/CatRoot2/edb.log': 'small',
    'WINDOWS/softwaredistribution/ReportingEvents.log': fixture('ReportingEvents.utf16.log'),
    'WINDOWS/Logs/cbs/CbsPersist_20250110093000.log': fixture('CBS.utf8.log'),
    'WINDOWS/Logs/cbs/CbsPersist_20241201080000.cab': 'not read',
    'WINDOWS/Logs/cbs/cbs.log': '2025-01-16 01:00:00, Error                 CBS    Failed [HRESULT = 0x80073712 - ERROR_SXS_COMPONENT_STORE_CORRUPT]\r\n',
    'WINDOWS/Logs/DISM/DISM.LOG': fixture('dism.utf16.log'),
    'ProgramData/Microsoft/Network/Downloader/qmgr.db': '',
    ...extra,
  });
}
const emptyTrace = (): EvidenceTrace => ({ read: [], cut: [], problems: [] });

describe('readEvidence', () => {
  it('offline: runs every reader whose file exists, in any case, and never the event log', async () => {
    const trace = emptyTrace();
    const found = await readEvidence(modernVolume(), '/mnt/WINDOWS', { online: false, trace });
    expect(trace.read).toEqual([
      '/mnt/WINDOWS/softwaredistribution/ReportingEvents.log',
      '/mnt/WINDOWS/Logs/cbs/CbsPersist_20250110093000.log',
      '/mnt/WINDOWS/Logs/cbs/cbs.log',
      '/mnt/WINDOWS/Logs/DISM/DISM.LOG',
      '/mnt/WINDOWS/SYSTEM32/CatRoot2/edb.log',
      '/mnt/WINDOWS/SYSTEM32/CatRoot2/dberr.txt',
    ]);
    expect(trace.problems).toEqual([]);
    expect(trace.files?.programData).toBe('/mnt/ProgramData');
    expect(new Set(found.map((e) => e.source))).toEqual(new Set(['reporting-events', 'cbs', 'dism', 'catroot2']));
    expect(found.filter((e) => e.source === 'cbs').map((e) => e.code ?? e.name)).toEqual([
      '0x800F0831',
      '0x800F081F',
      '0x80073712',
      'SFC: Cannot repair member file',
      'CSI Payload Corrupt',
      '0x800F081F',
    ]);
  });

  it('online: the event log too, through wevtutil.exe in System32', async () => {
    const calls: string[] = [];
    const run: RunCommand = async (file, args) => (
      calls.push(`${file} ${args[1]}`),
      { exitCode: 0, stdout: fixture(`wevtutil-${String(args[1]).toLowerCase()}.xml`).toString() }
    );
    const found = await readEvidence(modernVolume(), '/mnt/WINDOWS', { online: true, run, programData: 'C:\\ProgramData' });
    expect(calls).toEqual(['/mnt/WINDOWS/SYSTEM32/wevtutil.exe System', '/mnt/WINDOWS/SYSTEM32/wevtutil.exe Application']);
    expect(found.filter((e) => e.source === 'event-log')).toHaveLength(3);
  });

  it('online without a way to run wevtutil: said, not silent', async () => {
    const trace = emptyTrace();
    await readEvidence(modernVolume(), '/mnt/WINDOWS', { online: true, trace });
    expect(trace.problems).toEqual(['event log not read: no way to run wevtutil.exe']);
  });

  it('a log that cannot be read, a link and a missing folder: the rest is still read, and the problem is told', async () => {
    const fs = modernVolume();
    fs.put('/mnt/WINDOWS/Logs/DISM/DISM.LOG', { kind: 'dir' });
    fs.put('/mnt/WINDOWS/WindowsUpdate.log', { kind: 'link', target: '/etc/passwd' });
    fs.nodes.delete('/mnt/WINDOWS/softwaredistribution/ReportingEvents.log');
    fs.nodes.delete('/mnt/WINDOWS/softwaredistribution');
    const trace = emptyTrace();
    const found = await readEvidence(fs, '/mnt/WINDOWS', { online: false, trace, windowsUpdateLogCopies: ['/mnt/WINDOWS/Logs/DISM/DISM.LOG'] });
    expect(trace.read).not.toContain('/mnt/WINDOWS/WindowsUpdate.log');
    expect(trace.problems).toEqual([expect.stringMatching(/^\/mnt\/WINDOWS\/Logs\/DISM\/DISM.LOG: EFTYPE/)]);
    expect(found.some((e) => e.source === 'cbs')).toBe(true);
  });

  it('a log written through an unclean shutdown: the text after a block of NUL bytes is read', async () => {
    const dism = Buffer.concat([
      Buffer.from('2025-01-15 03:40:02, Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->\r\n'),
      Buffer.alloc(100_000),
      Buffer.from('2025-01-15 03:58:21, Error                 DISM   DISM.EXE: failed (hr:0x800f0831)\r\n'),
    ]);
    const found = await readEvidence(modernVolume({ 'WINDOWS/Logs/DISM/DISM.LOG': dism }), '/mnt/WINDOWS', { online: false });
    expect(found.filter((e) => e.source === 'dism').map((e) => [e.line, e.code])).toEqual([[2, '0x800F0831']]);
  });

  it('Get-WindowsUpdateLog copies the caller names are read as WindowsUpdate.log', async () => {
    const fs = modernVolume({ 'Users/admin/Desktop/WindowsUpdate.log': fixture('WindowsUpdate-decoded.utf8.log') });
    const found = await readEvidence(fs, '/mnt/WINDOWS', { online: false, windowsUpdateLogCopies: ['/mnt/Users/admin/Desktop/WindowsUpdate.log'] });
    expect(found.filter((e) => e.source === 'windows-update-log').map((e) => e.code)).toEqual(['0x80242006', '0x80070426']);
  });
});
