// add and check run from their own bundles, each with its own copy of these classes: `instanceof`
// fails across bundles, a registered symbol does not.
const userErrorMark = Symbol.for("create-inngest-app.user-error");
const cancelledMark = Symbol.for("create-inngest-app.cancelled");

/**
 * Exit codes: 0 done, 1 something failed (a file, an install, a conflict), 2 the command line is
 * wrong (unknown or contradictory flags and values; nothing was done), 130/143 stopped by
 * Ctrl-C/SIGTERM.
 */
export const usageErrorExitCode = 2;

/** An error the user can fix; printed without a stack trace. */
export class UserError extends Error {
  readonly [userErrorMark] = true;
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = "UserError";
  }
}

/** The user pressed Ctrl-C or sent a signal; nothing more should be printed than the message. */
export class CancelledError extends UserError {
  readonly [cancelledMark] = true;
  constructor(
    message = "Cancelled.",
    /** The prompt library already showed the message. */
    readonly alreadyShown = false,
    /** 130 for Ctrl-C, 143 for SIGTERM, as a shell reports a process those signals ended. */
    exitCode = 130,
  ) {
    super(message, exitCode);
    this.name = "CancelledError";
  }
}

export function isUserError(error: unknown): error is UserError {
  return typeof error === "object" && error !== null && userErrorMark in error;
}

export function isCancelled(error: unknown): error is CancelledError {
  return typeof error === "object" && error !== null && cancelledMark in error;
}
