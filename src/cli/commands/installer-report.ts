import { readSvcpack, sessionsSince } from '../../diagnosis/svcpack-mark.js';
import { installerVerdict, type InstallerResult } from '../../repair/installer-verdict.js';
import type { RepairOutcome } from '../../repair/repair.js';
import type { System } from '../../repair/system.js';
import type { Action } from '../../engine/actions/action.js';
import { EXIT } from '../exit-codes.js';
import { DEFAULT_INSTALLER_ARGS } from '../options.js';
import type { Output } from './output.js';

const quote = (s: string) => (/[\s"]/.test(s) ? `"${s}"` : s);

/** --installer (and --installer-args, unless the default) that run the installer this run ran. */
function installerFlags(actions: readonly Action[]): string {
  const program = actions.find((a) => a.kind === 'run-program');
  if (program?.kind !== 'run-program') return '--installer FILE';
  const args = program.args.join(' ');
  return `--installer ${quote(program.file)}${args === DEFAULT_INSTALLER_ARGS ? '' : ` --installer-args ${quote(args)}`}`;
}

/**
 * The service pack's verdict, when this run ran the installer: its exit code, and only the svcpack.log
 * sessions begun after the run's mark (taken before anything ran). Undefined: no installer ran.
 */
export async function reportInstaller(
  outcome: Extract<RepairOutcome, { kind: 'repaired' }>,
  system: System,
  out: Output,
  rerun: string,
): Promise<number | undefined> {
  const result = [...outcome.report.results.values()].find((r) => 'exitCode' in r) as InstallerResult | undefined;
  if (!result) return undefined;
  const { sessions } = sessionsSince(await readSvcpack(system.world.fs, system.layout.logs.svcpack), outcome.svcpackBefore);
  const verdict = installerVerdict(result, sessions);
  out.say(`Service pack: ${verdict.message}`);
  out.set('installer', { ...result, verdict });
  if (verdict.kind === 'reboot-required') out.say('Next: reboot the server.');
  if (verdict.kind === 'failed' || verdict.kind === 'not-started')
    out.say(`Next: once the cause is fixed, retry the service pack alone (the repair stands): ${rerun} ${installerFlags(outcome.run.actions)}`);
  return verdict.kind === 'succeeded' ? EXIT.ok : verdict.kind === 'reboot-required' ? EXIT.rebootRequired : EXIT.failed;
}
