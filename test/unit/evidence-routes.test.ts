import { describe, expect, it } from 'vitest';
import { SIGNATURES, type Evidence } from '../../src/evidence/evidence.js';
import { route, routeOf } from '../../src/evidence/route.js';
import { ROUTES } from '../../src/evidence/routes.js';

const failure = (code?: string, name?: string, file = 'CBS.log', line = 1): Evidence => ({
  source: 'cbs',
  file,
  line,
  ...(code ? { code } : {}),
  ...(name ? { name } : {}),
  text: `${code ?? name}`,
  outcome: 'failure',
});

describe('the routing table', () => {
  // Every code and name issue 13 lists, and where the issue says it goes.
  it.each([
    ...['0x800B0109', '0x80096010', '0x80096001', '0x80096005', '0x800B0001', '0x800B0003', '0x800B0004', '0x8007F0DA', '0x8007F01E'].map((c) => [
      c,
      'catroot2-reset',
    ]),
    [SIGNATURES.catalogDatabase, 'catroot2-reset'],
    [SIGNATURES.edbLogLarge, 'catroot2-reset'],
    ['0x80242006', 'wu-reset'],
    ...['0x80073712', '0x800F081F', '0x800F0831', '0x8007000D', '0x800736CC', '0x80073701', '0x8007371B', '0x80070570'].map((c) => [c, 'component-store']),
    [SIGNATURES.csiPayloadCorrupt, 'component-store'],
    ...['0x80072EE2', '0x80072EFD', '0x80072EFE', '0x8024401B', '0x80244022', '0x80072F8F', '0x8024402F', '0x80070070', '0x80070BC9'].map((c) => [c, 'none']),
  ])('%s -> %s', (codeOrName, playbook) => {
    const evidence = codeOrName.startsWith('0x') ? failure(codeOrName) : failure(undefined, codeOrName);
    expect(routeOf(evidence)?.playbook).toBe(playbook);
  });

  it('every row gives a reason and a source, and its codes are upper-case HRESULTs found in no other row', () => {
    const codes = ROUTES.flatMap((r) => r.codes);
    expect(codes.every((c) => /^0x[0-9A-F]{8}$/.test(c))).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    expect(ROUTES.every((r) => r.why && r.source)).toBe(true);
  });

  it('one repair: chosen, with the evidence that asked for it and why', () => {
    const routing = route([failure('0x800F081F', 'CBS_E_SOURCE_MISSING', 'CBS.log', 9), failure(undefined, SIGNATURES.csiPayloadCorrupt, 'CBS.log', 14)]);
    expect(routing.chosen).toBe('component-store');
    expect(routing.byPlaybook['component-store']).toHaveLength(2);
    expect(routing.why).toBe('component-store: 0x800F081F (CBS.log line 9): component store corruption: DISM /RestoreHealth, then sfc /scannow.');
  });

  it("several repairs match: the table's order decides, not the evidence's, and why says so", () => {
    const routing = route([
      failure('0x800F081F'),
      failure('0x80242006', undefined, 'WindowsUpdate.log', 3),
      failure('0x800B0109', undefined, 'ReportingEvents.log', 7),
    ]);
    expect(routing.chosen).toBe('catroot2-reset');
    expect(Object.keys(routing.byPlaybook)).toEqual(['component-store', 'wu-reset', 'catroot2-reset']);
    expect(routing.why).toMatch(/^catroot2-reset: 0x800B0109 \(ReportingEvents.log line 7\): KB822798 lists it/);
    expect(routing.why).toContain('Also matched: wu-reset (0x80242006 (WindowsUpdate.log line 3)');
    expect(routing.why).toContain('; component-store (0x800F081F (CBS.log line 1)');
    expect(routing.why).toContain("catroot2-reset comes first in the table's order: the catalog database comes first because");
  });

  it('no repair: advice instead, and unknown codes reported as unknown', () => {
    const routing = route([failure('0x80072EFD'), failure('0x80070BC9'), failure('0x8024A105'), failure(undefined, 'CBS_E_SOMETHING_NEW')]);
    expect(routing.chosen).toBeUndefined();
    expect(routing.byPlaybook).toEqual({});
    expect(routing.noRepair.map((n) => [n.evidence.code, n.advice.split('.')[0]])).toEqual([
      [
        '0x80072EFD',
        'Check that this machine reaches its update source (Windows Update, WSUS or Configuration Manager): firewall rules, and the WinHTTP proxy (netsh winhttp show proxy)',
      ],
      ['0x80070BC9', 'Restart the machine first'],
    ]);
    expect(routing.unknown.map((e) => e.code ?? e.name)).toEqual(['0x8024A105', 'CBS_E_SOMETHING_NEW']);
    expect(routing.why).toBe(
      'No evidence names a repair this tool makes. Check first, no file repair fixes these: 0x80072EFD (CBS.log line 1), 0x80070BC9 (CBS.log line 1). Not in the routing table: 0x8024A105 (CBS.log line 1), CBS_E_SOMETHING_NEW (CBS.log line 1).',
    );
  });

  it('a repair and a pending restart: the repair is chosen and why says to check the restart first', () => {
    const routing = route([failure('0x80070BC9', undefined, 'System'), failure('0x80073712')]);
    expect(routing.chosen).toBe('component-store');
    expect(routing.why).toContain('Check first, no file repair fixes these: 0x80070BC9 (System line 1).');
  });

  it('a success is no evidence for any route', () => {
    expect(route([{ ...failure('0x800B0109'), outcome: 'success' }])).toEqual({
      byPlaybook: {},
      noRepair: [],
      unknown: [],
      why: 'No evidence names a repair this tool makes.',
    });
  });
});
