import type { RepairOutcome } from '../../repair/repair.js';
import type { System } from '../../repair/system.js';
import { EXIT } from '../exit-codes.js';
import type { Output } from './output.js';

/** The playbook's verdict on what its run did (component-store: DISM and sfc, from CBS.log; wu-reset: the services and catroot2), and the exit it makes. */
export async function reportJudgement(outcome: Extract<RepairOutcome, { kind: 'repaired' }>, system: System, out: Output): Promise<number | undefined> {
  const { judge } = system.playbook;
  const results = outcome.run.actions.flatMap((a, i) => (a.kind === 'run-program' ? [outcome.report.results.get(i) ?? {}] : []));
  if (!judge) return undefined;
  const judgement = await judge.after(system, outcome.judgeBefore, results, outcome.run.actions);
  for (const line of judgement.lines) out.say(line);
  out.set('judgement', judgement.details);
  return judgement.ends === 'ok' ? EXIT.ok : judgement.ends === 'reboot-required' ? EXIT.rebootRequired : EXIT.failed;
}
