import { COMPONENT } from './log/story.js';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { defaultRetry, type World } from '../engine/world.js';
import { BadInputError } from '../errors.js';
import { realClock } from '../platform/clock.js';
import { realFs } from '../platform/real-fs.js';
import { realProcesses } from '../platform/processes.js';
import { offlineServices, type ServiceControl } from '../platform/services.js';
import { simulatedServices } from '../platform/simulated-services.js';
import { assertElevated, scServices, type RunCommand } from '../platform/sc/sc-services.js';
import { PLAYBOOKS } from '../../playbooks/index.js';
import type { RepairPlaybook } from '../repair/playbook.js';
import { openSystem, type System } from '../repair/system.js';
import { quoteArg } from './invocation.js';
import type { CliIo } from './io.js';
import type { CliOptions } from './options.js';

/** Runs a program by absolute path, arguments as an array, no shell; the exit code is the answer. */
export const runProgram: RunCommand = async (file, args) => {
  const { execa } = await import('execa');
  const result = await execa(file, args, { reject: false, stdin: 'ignore', windowsHide: true, timeout: 60_000 });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout) };
};

function systemRootOf(options: CliOptions, io: CliIo): string | undefined {
  return options.windir ?? io.env.SystemRoot ?? io.env.SYSTEMROOT;
}

function servicesFor(options: CliOptions, io: CliIo): ServiceControl {
  if (options.root !== undefined) return offlineServices();
  if (options.servicesFile) return simulatedServices(options.servicesFile);
  const systemRoot = systemRootOf(options, io);
  if (io.platform !== 'win32' || !systemRoot) {
    throw new BadInputError(
      'no --root given, and online mode runs on the Windows server itself',
      'Repair a mounted system volume with --root <dir>, or run catroot-repair demo to see the online flow.',
    );
  }
  return scServices({ systemRoot, run: runProgram, clock: realClock });
}

/** --playbook's, among those this version knows; the first when none is named. */
function playbookNamed(id: string | undefined): RepairPlaybook {
  const [first] = PLAYBOOKS as [RepairPlaybook];
  if (id === undefined) return first;
  const found = PLAYBOOKS.find((p) => p.id === id);
  if (!found) throw new BadInputError(`--playbook ${id}: this version repairs with ${PLAYBOOKS.map((p) => p.id).join(' or ')}; nothing was changed`);
  return found;
}

/** The real world: disk, services, processes and clock, for the system the options name. */
export async function openCliSystem(options: CliOptions, io: CliIo, mutating = false): Promise<System> {
  const world: World = {
    fs: realFs(),
    services: servicesFor(options, io),
    processes: realProcesses(),
    clock: realClock,
    retry: { ...defaultRetry, attempts: options.renameRetries },
  };
  const windir = systemRootOf(options, io);
  // Online, refuse up front when not elevated, before anything changes.
  if (mutating && world.services.kind === 'sc' && windir) await assertElevated(windir, runProgram);
  const playbook = playbookNamed(options.playbook);
  const me = { pid: process.pid, host: hostname() };
  const system = await openSystem(world, { root: options.root, windir, stateDir: options.stateDir }, me, playbook, PLAYBOOKS);
  const choices = { ...(options.source === undefined ? {} : { dismSource: options.source }), ...(options.holdServices ? { holdServices: true } : {}) };
  return { ...system, choices, note: (text) => noteTo(io, text) };
}

/** The command line that reaches the same system again, begun the way the admin began this one, for "resume" and "undo" hints. */
export function rerunCommand(options: CliOptions, system: System, io: Pick<CliIo, 'invokedAs' | 'platform'>): string {
  const quote = (s: string) => quoteArg(s, io.platform);
  const parts = [io.invokedAs];
  if (options.root !== undefined) parts.push('--root', quote(resolve(options.root)));
  if (options.windir !== undefined) parts.push('--windir', quote(resolve(options.windir)));
  if (options.servicesFile !== undefined) parts.push('--services-file', quote(resolve(options.servicesFile)));
  parts.push('--state-dir', quote(system.stateDir));
  return parts.join(' ');
}

/** A note for the admin on the way: on stderr, and a warning in the run's story. */
function noteTo(io: CliIo, text: string): void {
  io.stderr.write(`note: ${text}\n`);
  io.story?.event('warning', COMPONENT, `note: ${text}`);
}
