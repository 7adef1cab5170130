/** The few named errors the tool raises. Each maps to one exit code in src/cli/exit-codes.ts. */
export class CatrootError extends Error {
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

/** A CatrootError whose name is written out: it is --json's error.type, and the bundle's minifier renames classes. */
function named(name: string) {
  return class extends CatrootError {
    override name = name;
  };
}

/** Wrong flags or input that is not what the tool works on (not a Windows tree, unwritable state folder). */
export class BadInputError extends named('BadInputError') {}
/** No 0xfffffbfe signature: a different problem; refused unless --force. */
export class SignatureNotFoundError extends named('SignatureNotFoundError') {}
export class AccessDeniedError extends named('AccessDeniedError') {}
/** Another run holds the lock. */
export class RunInProgressError extends named('RunInProgressError') {}
/** No run in the state folder to roll back or verify (or it was already rolled back). */
export class NoRunError extends named('NoRunError') {}
/** The journal cannot be trusted: damaged, tampered, or from another system. */
export class JournalError extends named('JournalError') {}
/** The world changed since the plan was made. */
export class StalePlanError extends named('StalePlanError') {}
/** A question that stops the run was answered No (or Ctrl-C was pressed at one); nothing was changed. */
export class CancelledError extends named('CancelledError') {}
/** A repair step or the installer failed; the journal says how far it got. */
export class RepairFailedError extends named('RepairFailedError') {}
