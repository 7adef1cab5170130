import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EVENT_QUERIES, eventLogEvidence, wevtutilArgs } from '../../src/evidence/event-log.js';
import { parseEvents } from '../../src/evidence/event-xml.js';
import type { CommandResult, RunCommand } from '../../src/platform/sc/sc-services.js';

const fixture = (name: string) => readFileSync(join(import.meta.dirname, '..', 'fixtures', 'evidence', name), 'utf8');
const WEVTUTIL = 'C:\\Windows\\System32\\wevtutil.exe';

/** wevtutil as a fake: answers each channel's query with the given result; records each call. */
function fakeWevtutil(answers: Record<string, CommandResult | Error>) {
  const calls: string[][] = [];
  const run: RunCommand = async (file, args) => {
    calls.push([file, ...args]);
    const answer = answers[args[1] as string] ?? { exitCode: 0, stdout: '' };
    if (answer instanceof Error) throw answer;
    return answer;
  };
  return { run, calls };
}

describe('the event log through wevtutil', () => {
  it('queries System and Application by absolute path, newest first, bounded, as XML', async () => {
    const { run, calls } = fakeWevtutil({});
    expect(await eventLogEvidence(run, WEVTUTIL, [])).toEqual([]);
    expect(calls).toEqual(EVENT_QUERIES.map((q) => [WEVTUTIL, ...wevtutilArgs(q)]));
    expect(calls.map((c) => c.slice(1, 3).concat(c.slice(4)))).toEqual([
      ['qe', 'System', '/c:200', '/rd:true', '/f:xml'],
      ['qe', 'Application', '/c:100', '/rd:true', '/f:xml'],
    ]);
    expect(calls[0]?.[3]).toBe("/q:*[System[Provider[@Name='Microsoft-Windows-WindowsUpdateClient'] and (EventID=19 or EventID=20)]]");
  });

  it('event 20 failures still standing (a later 19 for the same update clears one), and catalog database errors only', async () => {
    const { run } = fakeWevtutil({
      System: { exitCode: 0, stdout: fixture('wevtutil-system.xml') },
      Application: { exitCode: 0, stdout: fixture('wevtutil-application.xml') },
    });
    const found = await eventLogEvidence(run, WEVTUTIL, []);
    expect(found.map((e) => [e.file, e.time, e.code ?? e.name])).toEqual([
      ['System', '2025-01-15T02:12:44.0101234Z', '0x800B0109'],
      ['Application', '2025-01-15T02:30:00.9000000Z', 'Catalog database error'],
      ['Application', '2025-01-15T02:30:01.0000000Z', 'Catalog database error'],
    ]);
    expect(found[0]?.text).toBe(
      'WindowsUpdateClient event 20: installation of 2025-01 Cumulative Update for Microsoft server operating system version 21H2 for x64-based Systems (KB5049983) failed with 0x800B0109',
    );
    expect(found[1]?.text).toMatch(/^ESENT event 490: Catalog Database \| 2268,D,50 \| .*\\catdb \| -1032 \(0xfffffbf8\)/);
    expect(found[2]?.text).toBe('CAPI2 event 257: -1032');
  });

  it.each([
    ['a non-zero exit code', { exitCode: 5, stdout: 'Access is denied.' }, 'wevtutil qe System: exit code 5'],
    ['output that is not XML', { exitCode: 0, stdout: '<Event><System>' }, 'wevtutil qe System: not XML'],
    ['a program that cannot start', new Error('spawn ENOENT'), 'wevtutil qe System: spawn ENOENT'],
  ])('%s is told, and the other query is still read', async (_name, answer, problem) => {
    const { run } = fakeWevtutil({ System: answer, Application: { exitCode: 0, stdout: fixture('wevtutil-application.xml') } });
    const problems: string[] = [];
    expect(await eventLogEvidence(run, WEVTUTIL, problems)).toHaveLength(2);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(problem);
  });

  it.each([
    ['hex', '0x80073d02', '0x80073D02'],
    ['signed decimal', '-2147024891', '0x80070005'],
    ['unsigned decimal', '2147942405', '0x80070005'],
  ])('an errorCode in %s is read as an HRESULT', async (_name, errorCode, code) => {
    const event = `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-WindowsUpdateClient'/><EventID>20</EventID><Channel>System</Channel></System><EventData><Data Name='errorCode'>${errorCode}</Data><Data Name='updateGuid'>{1}</Data></EventData></Event>`;
    const { run } = fakeWevtutil({ System: { exitCode: 0, stdout: event } });
    expect((await eventLogEvidence(run, WEVTUTIL, []))[0]?.code).toBe(code);
  });

  it('parses entities, a BOM, unnamed and empty Data with an XML parser', () => {
    const [event] = parseEvents(
      "\uFEFF<Event xmlns='x'><System><Provider Name='ESENT'/><EventID Qualifiers='0'>490</EventID><Level>2</Level></System><EventData><Data>a &amp; &lt;b&gt;</Data><Data></Data><Data Name='n'/></EventData></Event>",
    );
    expect(event).toEqual({
      provider: 'ESENT',
      eventId: 490,
      level: 2,
      data: [{ value: 'a & <b>' }, { value: '' }, { name: 'n', value: '' }],
    });
  });
});
