/** An error the user can fix; printed without a stack trace. */
export class UserError extends Error {
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
  constructor(
    message = "Cancelled.",
    /** The prompt library already showed the message. */
    readonly alreadyShown = false,
  ) {
    super(message, 130);
    this.name = "CancelledError";
  }
}
