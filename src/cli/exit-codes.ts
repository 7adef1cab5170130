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
 * A raw EROFS that still reaches the top (the volume became read-only after the checks before the first
 * change) is said in plain words, as those checks say it, and is the same exit 2.
 */
export function namedError(error: unknown): unknown {
  if (errorCode(error) !== 'EROFS' || !(error instanceof Error)) return error;
  const path = 'path' in error && typeof error.path === 'string' ? error.path : undefined;
  return new BadInputError(`cannot write ${path ?? 'the volume'}: ${whyUnwritable('EROFS')}`, 'Mount the volume writable, then run again.', { cause: error });
}
