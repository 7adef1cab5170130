import {
  AccessDeniedError,
  BadInputError,
  CancelledError,
  JournalError,
  NoRunError,
  RepairFailedError,
  RunInProgressError,
  SignatureNotFoundError,
  StalePlanError,
} from '../errors.js';
import { errorCode } from '../platform/fs.js';
import { whyUnwritable } from '../repair/writable.js';

/** The exit codes, as documented in the README. Deployment tools (SCCM, Intune, RMM) read 0, 3010, 1603 and 1618. */
export const EXIT = {
  ok: 0,
  /** detect: a problem this tool repairs was found. */
  problemFound: 1,
  usage: 2,
  accessDenied: 5,
  signatureNotFound: 10,
  noRun: 11,
  journalUnusable: 12,
  stalePlan: 13,
  cancelled: 130,
  failed: 1603,
  runInProgress: 1618,
  rebootRequired: 3010,
} as const;

const BY_ERROR: Array<[new (...args: never[]) => Error, number]> = [
  [BadInputError, EXIT.usage],
  [AccessDeniedError, EXIT.accessDenied],
  [SignatureNotFoundError, EXIT.signatureNotFound],
  [NoRunError, EXIT.noRun],
  [JournalError, EXIT.journalUnusable],
  [StalePlanError, EXIT.stalePlan],
  [CancelledError, EXIT.cancelled],
  [RepairFailedError, EXIT.failed],
  [RunInProgressError, EXIT.runInProgress],
];

/** The one place an error becomes an exit code; anything unexpected is a failed repair (1603). */
export function exitCodeFor(error: unknown): number {
  if (typeof error === 'object' && error !== null && 'code' in error && (error as { code: unknown }).code === 'commander.invalidArgument') return EXIT.usage;
  for (const [type, code] of BY_ERROR) if (error instanceof type) return code;
  return EXIT.failed;
}

/**
 * A raw ENAMETOOLONG, EROFS, EACCES or EPERM that still reaches the top (outside a run's actions, whose failures say how
 * to resume) is said in plain words: read-only is exit 2, as the checks before the first change say it;
 * access denied is exit 5.
 */
export function namedError(error: unknown): unknown {
  const code = errorCode(error);
  // A path longer than the system takes is bad input, before anything was changed: exit 2, not 1603.
  if (error instanceof Error && code === 'ENAMETOOLONG')
    return new BadInputError(`a path is longer than this system takes (ENAMETOOLONG): ${error.message}`, 'Give a shorter path.', { cause: error });
  if (!(error instanceof Error) || (code !== 'EROFS' && code !== 'EACCES' && code !== 'EPERM')) return error;
  const path = 'path' in error && typeof error.path === 'string' ? error.path : undefined;
  const message = `cannot write ${path ?? 'the volume'}: ${whyUnwritable(code)}`;
  if (code === 'EROFS') return new BadInputError(message, 'Mount the volume writable, then run again.', { cause: error });
  return new AccessDeniedError(message, 'Run elevated (or as a user who may write there), then run again; nothing was lost.', { cause: error });
}
