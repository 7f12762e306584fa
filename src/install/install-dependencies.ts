import path from "node:path";
import type { Reporter } from "../ui/reporter.ts";
import { installCommand, type PackageManager } from "./package-manager.ts";

/**
 * Runs the package manager's install in `root`. A failure is reported with what to run, not
 * thrown: the files are in place and stay.
 */
export async function installDependencies(
  pm: PackageManager,
  root: string,
  report: Reporter,
  clack: typeof import("@clack/prompts") | undefined,
): Promise<"installed" | "failed"> {
  const [command, ...args] = installCommand(pm);
  const retry = `cd ${path.relative(process.cwd(), root) || "."} && ${installCommand(pm).join(" ")}`;
  const spinner = clack?.spinner();
  spinner?.start(`Installing dependencies with ${pm}…`);
  if (!spinner) report.step(`Installing dependencies with ${pm}…`);

  // Ctrl-C reaches the package manager too; we stay to say how to finish.
  const onSignal = () => undefined;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const { run } = await import("./run.ts");
  const result = await run(command!, args, root, !spinner).finally(() => {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  });
  if (result.ok) {
    spinner ? spinner.stop("Dependencies installed.") : report.success("Dependencies installed.");
    return "installed";
  }
  spinner?.error("Installing dependencies failed.");
  const why = result.startError ?? (result.outputTail ? `its last output:\n${result.outputTail}` : "it exited with an error");
  report.warn(`Installing dependencies failed: ${why}\nThe project is in place. To finish, run:\n  ${retry}`);
  return "failed";
}

