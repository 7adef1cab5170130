import type { SvcpackSession } from '../diagnosis/svcpack-log.js';

export type InstallerVerdict = { kind: 'succeeded' | 'reboot-required' | 'failed' | 'not-started'; message: string };

/** What the run-program action recorded (the journal's done record). */
export interface InstallerResult {
  /** null: the run was killed while the installer ran; -1: it gave no exit code. */
  exitCode: number | null;
  timedOut?: boolean;
  notStarted?: string;
  signal?: string;
}

/** The reason a session gives for its outcome, as the admin reads it in svcpack.log. */
export function sessionEvidence(session: SvcpackSession): string {
  if (session.hits.length) return `svcpack.log (${session.started}) shows error=0xfffffbfe again`;
  if (session.extendedError) return `svcpack.log (${session.started}) says: Update.exe extended error code = ${session.extendedError}`;
  return `svcpack.log (${session.started}) has no outcome`;
}

/**
 * update.exe masks its real error to 1603 (0x643); the reason is in the svcpack.log session it wrote.
 * `sessions`: only those begun after the installer started; an older one is never quoted as its reason.
 */
export function installerVerdict(result: InstallerResult, sessions: readonly SvcpackSession[]): InstallerVerdict {
  const { exitCode } = result;
  if (exitCode === 0) return { kind: 'succeeded', message: 'the service pack installed (exit code 0)' };
  if (exitCode === 3010 || exitCode === 1641)
    return { kind: 'reboot-required', message: `the service pack installed and asks for a reboot (exit code ${exitCode})` };
  if (exitCode === null) return { kind: 'failed', message: 'the installer was interrupted; its outcome is unknown: read svcpack.log and run it again' };
  if (result.notStarted !== undefined) return { kind: 'not-started', message: `the installer could not start (${result.notStarted}); it did not run` };
  const session = sessions.at(-1);
  const reason = session ? sessionEvidence(session) : 'the installer wrote no new svcpack.log session';
  if (result.timedOut) return { kind: 'failed', message: `the installer did not finish in time and was stopped; ${reason}` };
  if (result.signal) return { kind: 'failed', message: `the installer was ended by ${result.signal}, with no exit code; ${reason}` };
  return { kind: 'failed', message: `the installer failed with exit code ${exitCode}; ${reason}` };
}
