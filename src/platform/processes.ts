export interface ProgramResult {
  /** -1 when the program gave none: it could not start, or was killed. */
  exitCode: number;
  timedOut: boolean;
  /** Why it could not start (ENOENT, EACCES, ...). */
  notStarted?: string;
  /** The signal that ended it without an exit code. */
  signal?: string;
}

export interface ProcessRunner {
  run(file: string, args: readonly string[], options: { timeoutMs: number; env?: Record<string, string> }): Promise<ProgramResult>;
  /** Whether a process with this id still exists (for stale-lock detection). */
  isAlive(pid: number): boolean;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function realProcesses(): ProcessRunner {
  return {
    async run(file, args, { timeoutMs, env }) {
      const { execa } = await import('execa');
      const result = await execa(file, args, { reject: false, timeout: timeoutMs, stdin: 'ignore', env, windowsHide: true });
      if (result.exitCode !== undefined || result.timedOut) return { exitCode: result.exitCode ?? -1, timedOut: result.timedOut };
      if (result.signal) return { exitCode: -1, timedOut: false, signal: result.signal };
      return { exitCode: -1, timedOut: false, notStarted: result.code ?? result.originalMessage };
    },
    isAlive,
  };
}
