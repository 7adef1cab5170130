import { Command, Option } from 'commander';
import { BadInputError } from '../errors.js';
import { checkCommandFlags, type CommandName } from './command-flags.js';
import { DEMO_SCENARIOS, type DemoScenario } from '../demo/scenarios.js';
import type { CliIo } from './io.js';

export type { CommandName };

export interface CliOptions {
  command: CommandName;
  root?: string;
  windir?: string;
  stateDir?: string;
  installer?: string;
  installerArgs: string[];
  yes: boolean;
  json: boolean;
  force: boolean;
  dryRun: boolean;
  verbose: boolean;
  servicesFile?: string;
  dir?: string;
  /** demo: which simulated system to build and repair. */
  scenario?: DemoScenario;
  /** script: where to write catroot-repair.cmd ('-': stdout). */
  out?: string;
  renameRetries: number;
  /** --rollback, verify, status: the run to act on (status lists them); default the newest. */
  run?: string;
  /** --dry-run --save-plan: where to write the plan shown (a new file). */
  savePlan?: string;
  /** --plan: the saved plan to apply exactly, or refuse. */
  plan?: string;
  /** repair, diagnose: the playbook to run instead of the one the evidence chooses. */
  playbook?: string;
  /** repair, diagnose: text copies of WindowsUpdate.log that Get-WindowsUpdateLog wrote, read as evidence. */
  wuLogs: string[];
  /** component-store: DISM's repair source. */
  source?: string;
  /** wu-reset: disable the stopped services' start type for the run. */
  holdServices: boolean;
  /** repair, rollback: the CMTrace log to append the run's story to. */
  log?: string;
}

export const VERSION = '0.1.0';
export const DEFAULT_INSTALLER_ARGS = '/passive /norestart';

/** Builds the parser; its help text is the README's usage section, word for word. */
export function program(io: CliIo): Command {
  const cmd = new Command('catroot-repair')
    .description(
      'Repairs the Windows catalog store (CatRoot, catroot2): a service pack that fails with 0xfffffbfe, a damaged catroot2, a corrupt Windows Update datastore, or a damaged component store.',
    )
    .version(VERSION)
    .option('--root <dir>', 'repair a mounted system volume offline (the folder holding WINDOWS or WINNT)')
    .option('--state-dir <dir>', 'where journal, manifest and run log go (default: <windir>\\catroot-repair)')
    .option('--installer <file>', 'service pack to retry after the repair (online only)')
    .option('--installer-args <args>', 'switches for the installer', DEFAULT_INSTALLER_ARGS)
    .option('-y, --yes', 'ask nothing (RMM, SCCM/Intune, Ansible); required without a terminal')
    .option('--json', 'one JSON document on stdout; human text on stderr')
    .option('--log <file>', "append the run's story in CMTrace format (online default: %windir%\\Logs\\catroot-repair\\catroot-repair.log)")
    .option('--playbook <id>', 'the repair to make (catalog-overflow, catroot2-reset, wu-reset, component-store); default: the one the logs point to')
    .option(
      '--wu-log <file>',
      'a text copy of WindowsUpdate.log (Get-WindowsUpdateLog) to read as evidence; repeatable',
      (file: string, all: string[]) => [...all, file],
      [] as string[],
    )
    .option('--source <path>', 'component-store: a matching image for DISM (/Source:<path> /LimitAccess), e.g. wim:D:\\sources\\install.wim:1')
    .option('--hold-services', 'wu-reset: set the stopped services to disabled for the run (restored after), so nothing restarts them')
    .option('--force', 'repair even without its evidence in the logs (0xfffffbfe, or that of --playbook)')
    .option('--dry-run', 'print the plan, file by file, and change nothing')
    .option('--save-plan <file>', 'with --dry-run: also write the plan to this new file, for --plan')
    .option('--plan <file>', 'apply exactly the plan saved in this file, or refuse (exit 13) if the system changed')
    .option('--rollback', 'the same as the rollback command')
    .option('--run <id>', 'with rollback, verify or status: the run to act on (status lists them)')
    .option('--verbose', 'more detail, and the cause chain of errors')
    .option('--rename-retries <n>', 'tries of a rename blocked by antivirus or an indexer (delays 0.2 s, doubling)', '5')
    .addOption(new Option('--windir <dir>', 'online: the Windows folder (default: %SystemRoot%)').hideHelp())
    .addOption(new Option('--services-file <file>', 'online: simulated service manager state (demo, tests)').hideHelp())
    .configureHelp({ helpWidth: 100 })
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .exitOverride()
    .showSuggestionAfterError();
  for (const [name, description] of [
    ['rollback', 'undo the newest repair not yet undone; run again for the one before'],
    ['diagnose', 'only read the logs and report'],
    ['verify', "check the last run's manifest against the disk"],
    ['status', 'list the runs, newest first, and the state of the newest'],
    ['detect', 'exit 1 if this tool has a repair to make, else 0; one line of JSON (--root, --state-dir, --playbook, --wu-log)'],
  ] as const) {
    cmd
      .command(name)
      .description(description)
      .action(() => undefined);
  }
  cmd
    .command('demo')
    .description('build a simulated affected server and repair it')
    .option('--dir <dir>', 'where to build it: a new or empty folder, never over a file (default: a new temp folder)')
    .addOption(
      new Option('--scenario <name>', 'server-2003: SP2 fails with 0xfffffbfe; windows-10: updates fail with 0x800B0109 (damaged catroot2)')
        .choices(DEMO_SCENARIOS)
        .default('server-2003'),
    )
    .action(() => undefined);
  cmd
    .command('script')
    .description('write catroot-repair.cmd: this repair as a batch file for Server 2003')
    .option('--out <file>', 'where to write it (default: catroot-repair.cmd here; - for stdout)')
    .action(() => undefined);
  // The repair is the command-less form: the root takes no arguments of its own, so a word that names no
  // command is reported as an unknown command, with commander's suggestion ("Did you mean rollback?").
  // Set after the commands are added, which copy this setting from the root when made.
  cmd.allowExcessArguments().action(() => {
    if (cmd.args.length) (cmd as unknown as { unknownCommand(): never }).unknownCommand();
  });
  cmd.addHelpText('after', EXIT_TABLE);
  return cmd;
}

export const EXIT_TABLE = `
Exit codes:
  0     success, or nothing to do
  1     detect: a problem this tool repairs was found
  2     usage error or unusable input (not a Windows folder, a state folder that lies inside the catalog
        store, names Windows cannot have, a bad saved plan, a read-only volume or a folder the tool
        cannot write, an incomplete installation: refused before the first change)
  5     access denied: run elevated
  10    no evidence in the logs of a problem this tool repairs (0xfffffbfe, a damaged catroot2), or
        evidence of one it does not repair (yet): it says what it found and where to look; nothing
        was changed; --force overrides
  11    no run to roll back or verify
  12    journal unusable (damaged, missing, edited, or from another system), or a stopped rollback
        or another playbook's unfinished run to finish first; nothing was changed
  13    the system changed since the plan was shown or saved; nothing was changed
  130   cancelled at a question (answered No, or Ctrl-C); nothing was changed
  1603  the repair or the installer failed, or a run was stopped (SIGTERM, SIGHUP, Ctrl-C mid-run);
        the message says how to resume or roll back; also a repair already made after which the
        service pack failed again
  1618  another catroot-repair run is in progress
  3010  success; the installer asks for a reboot
`;

function retries(value: unknown): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 10) throw new BadInputError(`--rename-retries takes a whole number from 1 to 10, not "${String(value)}"`);
  return n;
}

export function parseOptions(argv: readonly string[], io: CliIo): CliOptions {
  const cmd = program(io);
  cmd.parse(argv as string[], { from: 'user' });
  const sub = cmd.args.length ? cmd.commands.find((c) => c.name() === cmd.args[0]) : undefined;
  const o = cmd.opts();
  const command: CommandName = sub ? (sub.name() as CommandName) : o.rollback ? 'rollback' : 'repair';
  const given = new Map(
    cmd.options.filter((opt) => cmd.getOptionValueSource(opt.attributeName()) === 'cli').map((opt) => [opt.attributeName(), opt.long ?? opt.flags]),
  );
  checkPlanFlags(o, given.has('installerArgs'));
  checkCommandFlags(command, given);
  return {
    command,
    root: o.root,
    windir: o.windir,
    stateDir: o.stateDir,
    installer: o.installer,
    installerArgs: String(o.installerArgs).split(/\s+/).filter(Boolean),
    yes: o.yes === true,
    json: o.json === true,
    force: o.force === true,
    dryRun: o.dryRun === true,
    verbose: o.verbose === true,
    servicesFile: o.servicesFile,
    dir: sub?.opts().dir,
    scenario: sub?.opts().scenario,
    out: sub?.opts().out,
    renameRetries: retries(o.renameRetries),
    savePlan: o.savePlan,
    plan: o.plan,
    run: o.run,
    playbook: o.playbook,
    wuLogs: o.wuLog,
    source: o.source,
    holdServices: o.holdServices === true,
    log: o.log,
  };
}

/** A saved plan already names its installer (or none); COMMAND_FLAGS keeps --save-plan and --plan to a repair. */
function checkPlanFlags(o: Record<string, unknown>, installerArgsGiven: boolean): void {
  const flag = o.plan !== undefined ? '--plan' : o.savePlan !== undefined ? '--save-plan' : undefined;
  if (!flag) return;
  const usage = (message: string) => new BadInputError(`${message}; nothing was changed`);
  if (o.savePlan !== undefined && o.plan !== undefined) throw usage('--save-plan and --plan do not go together');
  if (o.savePlan !== undefined && o.dryRun !== true) throw usage('--save-plan works only with --dry-run');
  if (o.plan !== undefined && (o.installer !== undefined || installerArgsGiven))
    throw usage('--plan applies the installer saved with the plan; --installer and --installer-args do not go with it');
}
