import { describe, expect, it } from 'vitest';
import { PLAYBOOKS } from '../../playbooks/index.js';
import type { Choice } from '../../src/cli/choose-playbook.js';
import { detection, type DetectInput } from '../../src/cli/detect-verdict.js';
import { SignatureNotFoundError } from '../../src/errors.js';
import type { Evidence, Routing } from '../../src/evidence/index.js';
import type { ServicePackSince, StoreStatus } from '../../src/repair/store-status.js';

const chose = (id: string): Choice => ({ playbook: PLAYBOOKS.find((p) => p.id === id)! });
const refused: Choice = { refused: new SignatureNotFoundError('the evidence points to no repair this tool makes; nothing was changed') };
const datastore: Evidence = {
  source: 'reporting-events',
  file: 'C:\\Windows\\SoftwareDistribution\\ReportingEvents.log',
  line: 4,
  code: '0x80242006',
  text: '',
};
const routing: Routing = { chosen: 'wu-reset', byPlaybook: { 'wu-reset': [datastore] }, noRepair: [], unknown: [], why: '' };
const session = { started: '2007/07/03 09:00:00.000', line: 9, hits: [], outcome: 'failed' as const };
const repaired = (playbook: string, servicePack: ServicePackSince = { kind: 'not-tried' }): StoreStatus => ({
  kind: 'repaired',
  runId: 'r1',
  sequence: 1,
  playbook,
  repairedAt: '2025-01-16T10:00:00.000Z',
  servicePack,
});
const diagnosis = (verdict: DetectInput['diagnosis']['verdict']): DetectInput['diagnosis'] => ({ verdict, svcpack: [], setupapi: [] });

const CASES: Array<[string, 0 | 1, string | null, Partial<DetectInput>]> = [
  ['an unfinished run: resume or roll back', 1, 'wu-reset', { store: { kind: 'run-unfinished', runId: 'r1', playbook: 'wu-reset', state: 'applying' } }],
  ['a stopped rollback', 1, 'catalog-overflow', { store: { kind: 'run-unfinished', runId: 'r1', playbook: 'catalog-overflow', state: 'rolling-back' } }],
  ['evidence of no repair this tool makes', 0, null, { choice: refused }],
  ['modern evidence, no run', 1, 'wu-reset', {}],
  ['modern evidence, a finished run of that playbook', 0, 'wu-reset', { finished: new Set(['wu-reset']), store: repaired('wu-reset') }],
  [
    'modern evidence logged after the finished run (ReportingEvents.log, its zone given): failing again',
    1,
    'wu-reset',
    {
      finished: new Set(['wu-reset']),
      store: repaired('wu-reset'),
      routing: { ...routing, byPlaybook: { 'wu-reset': [{ ...datastore, time: '2025-01-16 11:30:00:000+0100' }] } },
    },
  ],
  [
    'modern evidence logged just before the finished run, in another zone: not failing again',
    0,
    'wu-reset',
    {
      finished: new Set(['wu-reset']),
      store: repaired('wu-reset'),
      routing: { ...routing, byPlaybook: { 'wu-reset': [{ ...datastore, time: '2025-01-16 10:30:00:000+0100' }] } },
    },
  ],
  [
    'a CBS.log local time within a day of the run (zone unknown): not counted as after',
    0,
    'wu-reset',
    {
      finished: new Set(['wu-reset']),
      store: repaired('wu-reset'),
      routing: { ...routing, byPlaybook: { 'wu-reset': [{ ...datastore, time: '2025-01-16 20:00:00' }] } },
    },
  ],
  [
    'a CBS.log local time two days after the run: failing again',
    1,
    'wu-reset',
    {
      finished: new Set(['wu-reset']),
      store: repaired('wu-reset'),
      routing: { ...routing, byPlaybook: { 'wu-reset': [{ ...datastore, time: '2025-01-18 10:00:00' }] } },
    },
  ],
  ['modern evidence, only a finished run of another playbook', 1, 'wu-reset', { finished: new Set(['catroot2-reset']), store: repaired('catroot2-reset') }],
  [
    'modern evidence, its finished run under a newer one of another playbook',
    0,
    'wu-reset',
    { finished: new Set(['wu-reset', 'catroot2-reset']), store: repaired('catroot2-reset') },
  ],
  ['catalog-overflow affected, no run', 1, 'catalog-overflow', { choice: chose('catalog-overflow'), diagnosis: diagnosis('affected') }],
  ['catalog-overflow resolved', 0, 'catalog-overflow', { choice: chose('catalog-overflow'), diagnosis: diagnosis('resolved') }],
  ['catalog-overflow repaired, service pack not run since', 0, 'catalog-overflow', { choice: chose('catalog-overflow'), store: repaired('catalog-overflow') }],
  [
    'catalog-overflow repaired, service pack unknown since',
    0,
    'catalog-overflow',
    { choice: chose('catalog-overflow'), store: repaired('catalog-overflow', { kind: 'unknown' }) },
  ],
  [
    'catalog-overflow repaired, service pack failed again',
    1,
    'catalog-overflow',
    { choice: chose('catalog-overflow'), store: repaired('catalog-overflow', { kind: 'failed', session }) },
  ],
  [
    '--playbook catalog-overflow on an affected system another playbook repaired',
    1,
    'catalog-overflow',
    { choice: chose('catalog-overflow'), store: repaired('wu-reset'), diagnosis: diagnosis('affected') },
  ],
  ['healthy', 0, null, { choice: chose('catalog-overflow'), store: { kind: 'not-affected' } }],
];

describe("detect's verdict", () => {
  it.each(CASES)('%s: %i (%s)', (_, detect, playbook, input) => {
    const found = detection({
      diagnosis: diagnosis('not-affected'),
      store: { kind: 'not-affected' },
      choice: chose('wu-reset'),
      routing,
      finished: new Set(),
      ...input,
    });
    expect([found.detect, found.playbook]).toEqual([detect, playbook]);
    expect(found.evidence).not.toBe('');
  });
});
