/** The few named errors the tool raises. Each maps to one exit code in src/cli/exit-codes.ts. */
export class CatrootError extends Error {
  constructor(
    message: string,
    /** What the admin should do next, one line. */
    readonly hint?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Wrong flags or input that is not what the tool works on (not a Windows tree, unwritable state folder). */
export class BadInputError extends CatrootError {}
/** No 0xfffffbfe signature: a different problem; refused unless --force. */
export class SignatureNotFoundError extends CatrootError {}
export class AccessDeniedError extends CatrootError {}
/** Another run holds the lock. */
export class RunInProgressError extends CatrootError {}
/** No run in the state folder to roll back or verify (or it was already rolled back). */
export class NoRunError extends CatrootError {}
/** The journal cannot be trusted: damaged, tampered, or from another system. */
export class JournalError extends CatrootError {}
/** The world changed since the plan was made. */
export class StalePlanError extends CatrootError {}
/** A question that stops the run was answered No (or Ctrl-C was pressed at one); nothing was changed. */
export class CancelledError extends CatrootError {}
/** A repair step or the installer failed; the journal says how far it got. */
export class RepairFailedError extends CatrootError {}
