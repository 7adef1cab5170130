import type { SvcpackSession } from '../diagnosis/svcpack-log.js';

export type InstallerVerdict = { kind: 'succeeded' | 'reboot-required' | 'failed'; message: string };

/** update.exe masks its real error to 1603 (0x643); the reason is in the newest svcpack.log session. */
export function installerVerdict(exitCode: number | null, session: SvcpackSession | undefined): InstallerVerdict {
  if (exitCode === 0) return { kind: 'succeeded', message: 'the service pack installed (exit code 0)' };
  if (exitCode === 3010 || exitCode === 1641) return { kind: 'reboot-required', message: `the service pack installed and asks for a reboot (exit code ${exitCode})` };
  if (exitCode === null) return { kind: 'failed', message: 'the installer was interrupted; its outcome is unknown: read svcpack.log and run it again' };
  const reason = session?.hits.length
    ? `svcpack.log (${session.started}) still shows error=0xfffffbfe`
    : session?.extendedError
      ? `svcpack.log (${session.started}) says: Update.exe extended error code = ${session.extendedError}`
      : 'svcpack.log has no newer session to say why';
  return { kind: 'failed', message: `the installer failed with exit code ${exitCode}; ${reason}` };
}
