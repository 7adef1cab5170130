import { describe, expect, it } from 'vitest';
import { catalogOverflow } from '../../playbooks/catalog-overflow/index.js';
import { catroot2Reset } from '../../playbooks/catroot2-reset/index.js';
import { wuReset } from '../../playbooks/wu-reset/index.js';
import { componentStore } from '../../playbooks/component-store/index.js';
import { choosePlaybook, type ChoiceInput } from '../../src/cli/choose-playbook.js';
import { route, type Evidence } from '../../src/evidence/index.js';
import type { StoreStatus } from '../../src/repair/store-status.js';

const failure = (code: string, line: number): Evidence => ({ source: 'cbs', file: 'CBS.log', line, code, text: code, outcome: 'failure' });
const TRUST = failure('0x800B0109', 7);
const NETWORK = failure('0x80072EE2', 9);
const DISM = failure('0x800F081F', 11);
const DATASTORE = failure('0x80242006', 13);
const affected: StoreStatus = { kind: 'affected' };
const clean: StoreStatus = { kind: 'not-affected' };

function chosen(store: StoreStatus, evidence: Evidence[], more: Partial<ChoiceInput> = {}) {
  const choice = choosePlaybook({
    playbooks: [catalogOverflow, catroot2Reset, wuReset, componentStore],
    force: false,
    store,
    routing: route(evidence),
    ...more,
  });
  return 'refused' in choice ? `refused: ${choice.refused.message}` : `${choice.playbook.id}${choice.why ? `: ${choice.why}` : ''}`;
}

describe('choosePlaybook', () => {
  it.each([
    ['svcpack.log 0xfffffbfe alone: catalog-overflow, as before', affected, [], {}, /^catalog-overflow$/],
    [
      'both match: catalog-overflow, and why',
      affected,
      [TRUST],
      {},
      /^catalog-overflow: catalog-overflow comes first: svcpack.log's 0xfffffbfe .* catroot2-reset: 0x800B0109/,
    ],
    ['trust error alone: catroot2-reset', clean, [TRUST], {}, /^catroot2-reset: catroot2-reset: 0x800B0109 \(CBS.log line 7\)/],
    [
      'a standing catroot2-reset run, evidence gone: catroot2-reset (its plan decides)',
      { kind: 'repaired', runId: 'r1', repairedAt: 'x', servicePack: { kind: 'not-tried' } } as StoreStatus,
      [],
      { standing: 'catroot2-reset' },
      /^catroot2-reset/,
    ],
    ['network only: refused', clean, [NETWORK], {}, /^refused: the evidence points to no repair this tool makes/],
    ['datastore error alone: wu-reset', clean, [DATASTORE], {}, /^wu-reset: wu-reset: 0x80242006 \(CBS.log line 13\)/],
    ['trust and datastore errors: the table order decides, and says so', clean, [DATASTORE, TRUST], {}, /^catroot2-reset: .*Also matched: wu-reset/],
    [
      'a standing wu-reset run, new trust evidence: catroot2-reset (the evidence chooses before a standing run)',
      { kind: 'repaired', runId: 'r1', playbook: 'wu-reset', repairedAt: 'x', servicePack: { kind: 'not-tried' } } as StoreStatus,
      [TRUST],
      { standing: 'wu-reset' },
      /^catroot2-reset/,
    ],
    ['--playbook wu-reset without its evidence: refused', clean, [TRUST], { forced: 'wu-reset' }, /^refused: no evidence in the logs for wu-reset/],
    ['component store only: component-store', clean, [DISM], {}, /^component-store: component-store: 0x800F081F/],
    [
      'a playbook this version lacks (a table row ahead of what it knows): refused, not yet',
      clean,
      [DISM],
      { playbooks: [catalogOverflow, catroot2Reset, wuReset] },
      /^refused: the evidence points to component-store, which this version does not repair yet/,
    ],
    ['nothing at all: catalog-overflow, whose gate refuses as it always did', clean, [], {}, /^catalog-overflow$/],
    [
      '--playbook catroot2-reset without its evidence: refused',
      clean,
      [NETWORK],
      { forced: 'catroot2-reset' },
      /^refused: no evidence in the logs for catroot2-reset \(Damaged catalog database/,
    ],
    [
      'network only, --force without --playbook: still refused (catalog-overflow would move KB*.cat)',
      clean,
      [NETWORK],
      { force: true },
      /^refused: the evidence points to no repair/,
    ],
    ['nothing at all, --force: catalog-overflow, as before', clean, [], { force: true }, /^catalog-overflow$/],
    ['--playbook catroot2-reset --force: runs', clean, [], { forced: 'catroot2-reset', force: true }, /^catroot2-reset$/],
    ['--playbook catalog-overflow over catroot2 evidence: its own gate decides', clean, [TRUST], { forced: 'catalog-overflow' }, /^catalog-overflow$/],
  ])('%s', (_case, store, evidence, more, expected) => {
    expect(chosen(store, evidence, more)).toMatch(expected);
  });

  it('a refusal on network evidence carries the advice: where to look', () => {
    const choice = choosePlaybook({
      playbooks: [catalogOverflow, catroot2Reset, wuReset, componentStore],
      force: false,
      store: clean,
      routing: route([NETWORK]),
    });
    expect('refused' in choice && choice.refused.hint).toMatch(/0x80072EE2 \(CBS.log line 9\).*netsh winhttp show proxy/);
  });
});
