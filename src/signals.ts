/** The exit codes shells give a process ended by these signals (128 + the signal number). */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143 } as const;
export type StopSignal = keyof typeof signalExitCodes;

/**
 * Runs `work` with Ctrl-C and SIGTERM turned into an abort of the signal it gets (the abort's
 * reason is the signal's name), so the work can stop cleanly instead of the process dying
 * half-way. Outside `work` the default behaviour (exit at once) is back.
 */
export async function untilSignal<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = (name: StopSignal) => controller.abort(name);
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    return await work(controller.signal);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

export function stopSignalOf(signal: AbortSignal | undefined): StopSignal | undefined {
  return signal?.aborted ? ((signal.reason as StopSignal) in signalExitCodes ? (signal.reason as StopSignal) : "SIGINT") : undefined;
}
