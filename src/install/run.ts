import { execa, execaSync } from "execa";
import { signalExitCodes, stopSignalOf, type StopSignal } from "../signals.ts";

export interface RunResult {
  ok: boolean;
  /** The command line as run, quoted where needed, to name it in a message. */
  commandLine: string;
  /** The last lines the command printed, kept to explain a failure (also when they were shown). */
  outputTail: string;
  /** Set when the command could not start at all (e.g. ENOENT: not installed). */
  startError?: string;
  /** Set when we were told to stop (Ctrl-C, SIGTERM) and passed the signal on. */
  interrupted?: StopSignal;
}

/** Lines of a hidden command's output kept for the message when it fails. */
const tailLines = 40;
/** How long a command told to stop gets before SIGTERM, then (execa's forceKillAfterDelay) SIGKILL. */
const defaultGraceMs = 3_000;

/**
 * Runs a command. `show` streams its output to our stderr as well (stdout stays free for --json);
 * either way the output is kept and its tail returned. When `signal` aborts, the signal it
 * names is passed on; a command that ignores it is ended; execa's cleanup ends it if we exit first.
 */
export async function run(command: string, args: string[], cwd: string, show: boolean, signal?: AbortSignal, graceMs = defaultGraceMs, env: Record<string, string> = {}): Promise<RunResult> {
  const subprocess = execa(command, args, {
    cwd,
    env,
    stdin: "ignore",
    stdout: show ? ["pipe", 2] : "pipe",
    stderr: show ? ["pipe", 2] : "pipe",
    all: true,
    reject: false,
    killSignal: "SIGTERM",
    forceKillAfterDelay: graceMs,
    cleanup: true,
  });
  let escalation: NodeJS.Timeout | undefined;
  // A terminal's Ctrl-C reaches the child too; a signal sent to us alone is passed on.
  const passOn = () => {
    const name = stopSignalOf(signal)!;
    subprocess.kill(name);
    if (name !== "SIGTERM") escalation = setTimeout(() => subprocess.kill(), graceMs).unref();
  };
  signal?.addEventListener("abort", passOn, { once: true });
  const result = await subprocess;
  signal?.removeEventListener("abort", passOn);
  clearTimeout(escalation);
  const commandLine = result.escapedCommand;
  const startCode = (result.cause as NodeJS.ErrnoException | undefined)?.code;
  if (result.failed && result.exitCode === undefined && result.signal === undefined) {
    const startError = startCode === "ENOENT" ? `${command} was not found on PATH` : `${commandLine} could not start: ${result.shortMessage}`;
    return { ok: false, commandLine, outputTail: "", startError };
  }
  // Ctrl-C reaches the whole process group: the package manager may end before our own
  // handler has run, so a child stopped by SIGINT/SIGTERM (or exiting 130/143) was stopped too.
  const interrupted = stopSignalOf(signal) ?? stoppedBy(result.exitCode, result.signal);
  const outputTail = typeof result.all === "string" ? result.all.split("\n").slice(-tailLines).join("\n").trim() : "";
  return { ok: !result.failed && !interrupted, commandLine, outputTail, ...(interrupted ? { interrupted } : {}) };
}

function stoppedBy(code: number | undefined, childSignal: string | undefined): StopSignal | undefined {
  if (childSignal === "SIGINT" || code === signalExitCodes.SIGINT) return "SIGINT";
  if (childSignal === "SIGTERM" || code === signalExitCodes.SIGTERM) return "SIGTERM";
  return undefined;
}

/** Whether a short command (git's) runs and exits 0; its output is dropped. */
export function succeeds(command: string, args: string[], cwd?: string): boolean {
  return !execaSync(command, args, { cwd, stdio: "ignore", reject: false }).failed;
}

/** A short command's stdout when it exits 0, else undefined. */
export function outputOf(command: string, args: string[], cwd?: string): string | undefined {
  const result = execaSync(command, args, { cwd, stdin: "ignore", stderr: "ignore", reject: false });
  return result.failed ? undefined : result.stdout;
}
