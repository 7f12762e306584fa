import { spawn, spawnSync } from "node:child_process";
import { signalExitCodes, stopSignalOf, type StopSignal } from "../signals.ts";

export interface RunResult {
  ok: boolean;
  /** The last lines the command printed, kept to explain a failure. */
  outputTail: string;
  /** Set when the command could not start at all (e.g. ENOENT: not installed). */
  startError?: string;
  /** Set when we were told to stop (Ctrl-C, SIGTERM) and passed the signal on. */
  interrupted?: StopSignal;
}

/**
 * Runs a command. `show` streams its output to our stderr (stdout stays free for --json);
 * otherwise the output is kept and only its tail returned.
 */
export function run(command: string, args: string[], cwd: string, show: boolean, signal?: AbortSignal): Promise<RunResult> {
  return new Promise((resolve) => {
    const tail: string[] = [];
    const child = spawn(command, args, {
      cwd,
      stdio: show ? ["ignore", 2, 2] : ["ignore", "pipe", "pipe"],
      shell: process.platform === "win32",
    });
    const keep = (chunk: Buffer) => {
      tail.push(...chunk.toString().split("\n"));
      tail.splice(0, Math.max(0, tail.length - 40));
    };
    // A terminal's Ctrl-C reaches the child too; a SIGTERM sent to us alone is passed on.
    signal?.addEventListener("abort", () => child.kill(stopSignalOf(signal)), { once: true });
    child.stdout?.on("data", keep);
    child.stderr?.on("data", keep);
    child.on("error", (error: NodeJS.ErrnoException) => {
      resolve({ ok: false, outputTail: "", startError: error.code === "ENOENT" ? `${command} was not found on PATH` : error.message });
    });
    child.on("close", (code, childSignal) => {
      // Ctrl-C reaches the whole process group: the package manager may end before our own
      // handler has run, so a child stopped by SIGINT/SIGTERM (or exiting 130/143) was stopped too.
      const interrupted = stopSignalOf(signal) ?? stoppedBy(code, childSignal);
      resolve({ ok: code === 0 && !interrupted, outputTail: tail.join("\n").trim(), ...(interrupted ? { interrupted } : {}) });
    });
  });
}

function stoppedBy(code: number | null, childSignal: NodeJS.Signals | null): StopSignal | undefined {
  if (childSignal === "SIGINT" || code === signalExitCodes.SIGINT) return "SIGINT";
  if (childSignal === "SIGTERM" || code === signalExitCodes.SIGTERM) return "SIGTERM";
  return undefined;
}

export function succeeds(command: string, args: string[], cwd?: string): boolean {
  const result = spawnSync(command, args, { cwd, stdio: "ignore", shell: process.platform === "win32" });
  return result.status === 0;
}
