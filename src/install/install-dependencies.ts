import path from "node:path";
import { signalExitCodes, untilSignal } from "../signals.ts";
import { shellQuote } from "../ui/shell-quote.ts";
import { startSpinner } from "../ui/spinner.ts";
import type { Reporter } from "../ui/reporter.ts";
import { installCommand, installEnv, type PackageManager } from "./package-manager.ts";

export interface InstallResult {
  outcome: "installed" | "failed" | "interrupted";
  /** What the command should exit with: 1 when the install failed, 130/143 when a signal stopped it. */
  exitCode: number;
}

/**
 * Runs the package manager's install in `root`. A failure or an interruption is reported with
 * what to run, not thrown: the files are in place and stay.
 */
export async function installDependencies(
  pm: PackageManager,
  root: string,
  report: Reporter,
  /** In a terminal: a spinner, with the output kept for a failure; otherwise the output streams. */
  interactive: boolean,
): Promise<InstallResult> {
  const [command, ...args] = installCommand(pm);
  const relative = path.relative(process.cwd(), root);
  const retry = `${relative ? `cd ${shellQuote(relative)} && ` : ""}${installCommand(pm).join(" ")}`;
  const spinner = interactive ? startSpinner(`Installing dependencies with ${pm}…`) : undefined;
  if (!spinner) report.step(`Installing dependencies with ${pm}…`);

  const { run } = await import("./run.ts");
  const install = (extra: string[] = []) => untilSignal((signal) => run(command!, [...args, ...extra], root, !spinner, signal, undefined, installEnv(pm)));
  let result = await install();
  if (!result.ok && !result.interrupted && pm === "npm" && staleMetadata(result.outputTail)) {
    // npm trusts a cached packument for minutes (npm/cli#4513): a version published since then,
    // which a fresh dependency already asks for, is "not found". Asking the registry again fixes it.
    const note = "npm found no matching version; its cached registry data may be out of date. Trying again with --prefer-online…";
    spinner ? spinner.message(note) : report.step(note);
    result = await install(["--prefer-online"]);
  }
  if (result.ok) {
    spinner ? spinner.stop("Dependencies installed.") : report.success("Dependencies installed.");
    return { outcome: "installed", exitCode: 0 };
  }
  if (result.interrupted) {
    spinner?.error("Install stopped.");
    report.warn(`The install was stopped (${result.interrupted}). The project is in place; to finish, run:\n  ${retry}`);
    return { outcome: "interrupted", exitCode: signalExitCodes[result.interrupted] };
  }
  spinner?.error("Installing dependencies failed.");
  // Output that was streamed is on the screen already; a spinner's was kept back.
  const tail = spinner ? result.outputTail : "";
  const why = result.startError ?? `\`${result.commandLine}\` exited with an error${tail ? `; its last output:\n${tail}` : ""}`;
  report.warn(`Installing dependencies failed: ${why}\nThe project is in place. To finish, run:\n  ${retry}`);
  return { outcome: "failed", exitCode: 1 };
}

/** npm's "no matching version" (ETARGET): with a cached packument, most often stale metadata. */
export function staleMetadata(output: string): boolean {
  return /\bETARGET\b|\bnotarget\b/.test(output);
}
