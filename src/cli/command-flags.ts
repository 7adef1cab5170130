import { BadInputError } from '../errors.js';

export type CommandName = 'repair' | 'rollback' | 'diagnose' | 'verify' | 'status' | 'demo' | 'script' | 'detect';

/** An option of the root command, by commander's attribute name (--state-dir: stateDir). */
type Flag =
  | 'root'
  | 'windir'
  | 'stateDir'
  | 'servicesFile'
  | 'installer'
  | 'installerArgs'
  | 'yes'
  | 'json'
  | 'force'
  | 'dryRun'
  | 'savePlan'
  | 'plan'
  | 'rollback'
  | 'run'
  | 'verbose'
  | 'renameRetries'
  | 'playbook'
  | 'wuLog'
  | 'source'
  | 'holdServices'
  | 'log';

// The flags that name the system and its state folder: every command that looks at a system takes them all,
// so one prefix (the one the hints print) reaches the same system with any command.
const SYSTEM: Flag[] = ['root', 'windir', 'stateDir', 'servicesFile'];
const OUTPUT: Flag[] = ['json', 'verbose'];

/** What each command does with the root's options; any other option given is refused. demo --dir and script --out belong to their command. */
export const COMMAND_FLAGS: Record<CommandName, { accepts: readonly Flag[]; why: string }> = {
  repair: {
    accepts: [
      ...OUTPUT,
      ...SYSTEM,
      'yes',
      'force',
      'dryRun',
      'savePlan',
      'plan',
      'installer',
      'installerArgs',
      'renameRetries',
      'playbook',
      'wuLog',
      'source',
      'holdServices',
      'log',
    ],
    why: 'it repairs',
  },
  rollback: { accepts: [...OUTPUT, ...SYSTEM, 'rollback', 'yes', 'dryRun', 'run', 'renameRetries', 'log'], why: 'it undoes a run' },
  diagnose: { accepts: [...OUTPUT, ...SYSTEM, 'playbook', 'wuLog'], why: 'it only reads the logs' },
  verify: { accepts: [...OUTPUT, ...SYSTEM, 'run'], why: 'it only reads' },
  status: { accepts: [...OUTPUT, ...SYSTEM, 'run'], why: 'it only reads' },
  detect: { accepts: [...SYSTEM, 'playbook', 'wuLog'], why: 'it only reads, and always prints one line of JSON' },
  demo: { accepts: [...OUTPUT, 'stateDir', 'yes', 'force', 'dryRun', 'renameRetries'], why: 'it builds and names its own server' },
  script: { accepts: [...OUTPUT], why: 'it only writes catroot-repair.cmd' },
};

const ONLINE_ONLY: Flag[] = ['installer', 'installerArgs'];

function commandsTaking(flag: Flag): string {
  const names = (Object.keys(COMMAND_FLAGS) as CommandName[]).filter((c) => COMMAND_FLAGS[c].accepts.includes(flag));
  const shown = names.map((c) => (c === 'repair' ? 'a repair (no command)' : c));
  return shown.length > 1 ? `${shown.slice(0, -1).join(', ')} and ${shown.at(-1)}` : (shown[0] ?? 'no command');
}

/**
 * Refuses an option the command would ignore: an admin who typed it expects it to do something.
 * `given` maps each option given on the command line to how it was spelled (--dry-run).
 */
export function checkCommandFlags(command: CommandName, given: ReadonlyMap<string, string>): void {
  const usage = (message: string, hint?: string) => new BadInputError(`${message}; nothing was changed`, hint);
  for (const [flag, spelled] of given) {
    if (COMMAND_FLAGS[command].accepts.includes(flag as Flag)) continue;
    if (flag === 'rollback') throw usage(`--rollback and ${command} are two commands; give one of them`);
    throw usage(`${spelled} does nothing with ${command} (${COMMAND_FLAGS[command].why})`, `${spelled} goes with ${commandsTaking(flag as Flag)}.`);
  }
  const online = ONLINE_ONLY.find((f) => given.has(f));
  if (online && given.has('root'))
    throw usage(
      `${given.get(online)} runs the service pack on the server itself, so it does not go with --root (a mounted volume, offline)`,
      'Boot the server after the repair and install the service pack there.',
    );
}
