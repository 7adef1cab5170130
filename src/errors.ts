/** The few named errors the tool raises. Each maps to one exit code in src/cli/exit-codes.ts. */
export class CatrootError extends Error {
  // Each name is written out: it is --json's error.type, and the bundle's minifier renames classes.
  override name = 'CatrootError';
  constructor(
    message: string,
    /** What the admin should do next, one line. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Wrong flags or input that is not what the tool works on (not a Windows tree, unwritable state folder). */
export class BadInputError extends CatrootError {
  override name = 'BadInputError';
}
/** No 0xfffffbfe signature: a different problem; refused unless --force. */
export class SignatureNotFoundError extends CatrootError {
  override name = 'SignatureNotFoundError';
}
export class AccessDeniedError extends CatrootError {
  override name = 'AccessDeniedError';
}
/** Another run holds the lock. */
export class RunInProgressError extends CatrootError {
  override name = 'RunInProgressError';
}
/** No run in the state folder to roll back or verify (or it was already rolled back). */
export class NoRunError extends CatrootError {
  override name = 'NoRunError';
}
/** The journal cannot be trusted: damaged, tampered, or from another system. */
export class JournalError extends CatrootError {
  override name = 'JournalError';
}
/** The world changed since the plan was made. */
export class StalePlanError extends CatrootError {
  override name = 'StalePlanError';
}
/** A question that stops the run was answered No (or Ctrl-C was pressed at one); nothing was changed. */
export class CancelledError extends CatrootError {
  override name = 'CancelledError';
}
/** A repair step or the installer failed; the journal says how far it got. */
export class RepairFailedError extends CatrootError {
  override name = 'RepairFailedError';
}
