import { AccessDeniedError } from '../../errors.js';
import type { Clock } from '../clock.js';
import { ServiceError, type ServiceControl, type ServiceState } from '../services.js';
import { parseFailure, parseStatuses } from './parse.js';
import { parseStartType } from './start-type.js';

export interface CommandResult {
  exitCode: number;
  stdout: string;
}
/** Runs one program by absolute path with an argument array: never a shell, never a PATH lookup. */
export type RunCommand = (file: string, args: readonly string[]) => Promise<CommandResult>;

export interface ScOptions {
  systemRoot: string;
  run: RunCommand;
  clock: Clock;
  /** The longest a stop or start may take in all, whatever the service's wait hints say. */
  timeoutMs?: number;
}

const FIX_DISABLED = 'Enable it first: sc config CryptSvc start= auto (or in services.msc), then run again.';

/** Service control through %SystemRoot%\System32\sc.exe. */
export function scServices({ systemRoot, run, clock, timeoutMs = 120_000 }: ScOptions): ServiceControl {
  const sc = `${systemRoot.replace(/[\\/]+$/, '')}\\System32\\sc.exe`;

  async function call(args: string[]): Promise<{ output: string; failure?: { call: string; code: number } }> {
    const { stdout, exitCode } = await run(sc, args);
    const failure = parseFailure(stdout) ?? (exitCode !== 0 ? { call: args[0] ?? 'sc', code: exitCode } : undefined);
    if (failure?.code === 5)
      throw new AccessDeniedError(
        `sc ${args.join(' ')}: access is denied (5)`,
        'Run catroot-repair from an elevated prompt (Run as administrator) or as SYSTEM.',
      );
    if (failure?.code === 1060) throw new ServiceError(`service ${args[1]} does not exist (1060)`, 1060);
    return { output: stdout, failure };
  }

  async function query(name: string): Promise<ServiceState> {
    const { output, failure } = await call(['query', name]);
    const status = parseStatuses(output)[0];
    if (failure || !status) throw new ServiceError(`sc query ${name} failed${failure ? ` (${failure.code})` : ''}: ${output.trim()}`, failure?.code);
    return status.state;
  }

  /** Polls until the state is reached, sleeping as the service's wait hint suggests (1 to 10 s), within the timeout. */
  async function waitFor(name: string, wanted: ServiceState, verb: string): Promise<void> {
    const deadline = clock.now().getTime() + timeoutMs;
    for (;;) {
      const { output } = await call(['query', name]);
      const status = parseStatuses(output)[0];
      if (status?.state === wanted) return;
      if (clock.now().getTime() >= deadline) {
        throw new ServiceError(
          `${name} did not ${verb} within ${Math.round(timeoutMs / 1000)} s (still ${status?.state ?? 'unknown'}); nothing has been moved`,
        );
      }
      await clock.sleep(Math.min(10_000, Math.max(1000, (status?.waitHintMs ?? 0) / 10)));
    }
  }

  return {
    kind: 'sc',
    query,
    async stop(name) {
      const { failure } = await call(['stop', name]);
      if (failure?.code === 1062) return; // not started: already stopped
      if (failure?.code === 1051) throw new ServiceError(`${name} has running dependents (1051); they must be stopped first`, 1051);
      if (failure && failure.code !== 1061) throw new ServiceError(`sc stop ${name} failed (${failure.code})`, failure.code);
      await waitFor(name, 'stopped', 'stop');
    },
    async start(name) {
      const { failure } = await call(['start', name]);
      if (failure?.code === 1056) return; // already running
      if (failure?.code === 1058) throw new ServiceError(`${name} is disabled (1058). ${FIX_DISABLED}`, 1058);
      if (failure) throw new ServiceError(`sc start ${name} failed (${failure.code})`, failure.code);
      await waitFor(name, 'running', 'start');
    },
    async runningDependents(name) {
      const { output } = await call(['enumdepend', name, '65536']);
      return parseStatuses(output)
        .filter((s) => s.state !== 'stopped')
        .map((s) => s.name);
    },
    async startType(name) {
      const { output, failure } = await call(['qc', name]);
      const type = failure ? undefined : parseStartType(output);
      if (!type)
        throw new ServiceError(`sc qc ${name} failed${failure ? ` (${failure.code})` : ''}: no start type in ${JSON.stringify(output.trim())}`, failure?.code);
      return type;
    },
    /** `start=` and its value are two arguments: sc.exe wants the space after the equals sign. */
    async setStartType(name, type) {
      const { failure } = await call(['config', name, 'start=', type]);
      if (failure) throw new ServiceError(`sc config ${name} start= ${type} failed (${failure.code})`, failure.code);
    },
  };
}

/**
 * `net session` and `fltmc` succeed only for administrators. Either will do: `net session` also fails
 * for an administrator while the Server service is stopped.
 */
export async function assertElevated(systemRoot: string, run: RunCommand): Promise<void> {
  const system32 = `${systemRoot.replace(/[\\/]+$/, '')}\\System32`;
  const elevated = async (file: string, args: string[]) => (await run(`${system32}\\${file}`, args).catch(() => ({ exitCode: -1 }))).exitCode === 0;
  if (!(await elevated('net.exe', ['session'])) && !(await elevated('fltmc.exe', [])))
    throw new AccessDeniedError(
      'catroot-repair is not running elevated: stopping CryptSvc and renaming catroot2 need administrator rights; nothing was changed',
      'Run it from an elevated prompt (Run as administrator) or as SYSTEM (RMM, SCCM).',
    );
}
