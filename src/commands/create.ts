import path from "node:path";
import pc from "picocolors";
import { inngestDevServerCommand } from "../catalogue/frameworks.ts";
import { functionCount } from "../catalogue/patterns.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import type { GitOutcome } from "../install/git.ts";
import { satisfiesMinimum } from "../install/node-version.ts";
import { installDependencies, type InstallResult } from "../install/install-dependencies.ts";
import { createCommand as addCommand, installCommand, runScript } from "../install/package-manager.ts";
import {
  choiceFlags,
  completeOptions,
  defaultFor,
  equivalentCommand,
  missingChoices,
  parseCreateFlags,
  type CreateFlags,
  type CreateOptions,
} from "../options/create-options.ts";
import { frameworkOn, olderMajorNotice, targets, targetsFor, versionCapNotices } from "../catalogue/targets.ts";
import { planCreate } from "../plan/create-plan.ts";
import { generateEngineKeys } from "../plan/engine-keys.ts";
import type { Plan } from "../plan/plan.ts";
import { loadTemplates } from "../render/load-templates.ts";
import { clackReporter, plainReporter, type Reporter } from "../ui/reporter.ts";
import { untilSignal } from "../signals.ts";
import { shellQuote } from "../ui/shell-quote.ts";
import { applyPlan } from "../write/apply-plan.ts";
import { assertEmptyTarget, fileExistsIn } from "../write/inspect-target.ts";
import { describePlan } from "../write/describe-plan.ts";
import { stderr, stdout } from "../ui/output.ts";
import { isTerminal } from "../ui/terminal.ts";
import { shellComment, terminalWidth, wrapCommand } from "../ui/width.ts";

export interface CreateCommandFlags extends CreateFlags {
  yes?: boolean;
}

type InstallOutcome = InstallResult["outcome"] | "skipped" | "skipped-node-too-old";

/** Someone can answer prompts: a terminal on both ends, not CI, not --json. */
function canPrompt(flags: CreateCommandFlags): boolean {
  return Boolean(isTerminal(1) && isTerminal(0) && !process.env.CI && !flags.json);
}

export async function createCommand(flags: CreateCommandFlags): Promise<void> {
  const interactive = canPrompt(flags) && !flags.yes;
  const clack = interactive ? await import("@clack/prompts") : undefined;
  const width = terminalWidth(flags.json ? 2 : 1);
  const report: Reporter = clack ? await clackReporter(width) : plainReporter(flags.json ? stderr : stdout, width);
  // What a block's lines may take: clack's note frame takes 6 columns, the plain block's indent 2.
  const blockWidth = width - (clack ? 6 : 2);
  clack?.intro(pc.bgCyan(pc.black(" create-inngest-app ")));

  let partial = parseCreateFlags(flags);
  if (interactive) {
    const { promptForMissing } = await import("../options/prompts.ts");
    partial = await promptForMissing(partial);
  } else {
    const missing = missingChoices(partial);
    if (missing.length > 0 && !flags.yes) {
      const defaults = defaultFor(partial);
      throw new UserError(
        `Missing ${missing.map((c) => choiceFlags[c]).join(", ")} (no terminal to ask in).\n` +
          `Pass them, or --yes to accept the defaults (${missing.map((c) => `${c}: ${String(defaults[c])}`).join(", ")}).`,
        usageErrorExitCode,
      );
    }
  }
  const { options, defaultsUsed } = completeOptions(partial);
  if (flags.yes && defaultsUsed.length > 0) report.info(`Using defaults: ${defaultsUsed.join(", ")}`);

  const root = path.resolve(options.directory);
  if (!options.overwrite) assertEmptyTarget(root, options.directory);

  // Made here, not in the plan, so planning stays pure (tests pass fixed keys).
  const engineKeys = targets[options.target].selfHostedEngine ? generateEngineKeys() : undefined;
  const plan = planCreate(options, root, loadTemplates(), fileExistsIn(root), engineKeys);
  const framework = frameworkOn(options.framework, options.target);
  const nodeOk = satisfiesMinimum(process.versions.node, framework.minNode);

  // Said before anything is written: the pair generates the framework's previous major.
  const olderMajor = olderMajorNotice(options.framework, options.target);
  if (olderMajor) report.warn(olderMajor);
  for (const notice of versionCapNotices(options.framework, options.target)) report.warn(notice);

  // Said before anything is written, with what it means for the install.
  if (!nodeOk) {
    report.warn(
      `${framework.label} needs Node ${framework.minNode} or newer; this is Node ${process.versions.node}. ` +
        (options.install && !options.dryRun
          ? `The install is skipped, as it cannot work on this Node: switch Node (e.g. \`nvm install 24\`), then run \`${installCommand(options.packageManager).join(" ")}\` in the project.`
          : `Switch Node (e.g. \`nvm install 24\`) before installing and running the project.`),
    );
  }

  if (options.dryRun) {
    report.block(`Plan for ${options.directory} (dry run: nothing written)`, describePlan(plan));
    printJsonSummary(options, plan, { install: "skipped", git: "skipped", dryRun: true });
    return;
  }

  await writeWithCancel(plan, report);
  report.success(`Created ${pc.bold(options.projectName)} (${framework.label}, ${options.patterns.join(", ")}) in ${root}`);

  let install: InstallOutcome = "skipped";
  let exitCode = 0;
  if (options.install && !nodeOk) install = "skipped-node-too-old";
  else if (options.install) ({ outcome: install, exitCode } = await installDependencies(options.packageManager, root, report, Boolean(clack)));
  if (install === "interrupted") {
    // Stopped on purpose: the warning gave the command to finish; do no more.
    printJsonSummary(options, plan, { install, git: "skipped", dryRun: false });
    process.exitCode = exitCode;
    return;
  }
  let git: GitOutcome | "skipped" = "skipped";
  if (options.git) {
    // Loaded only here: process spawning is not needed to write a project.
    const { initGitRepository } = await import("../install/git.ts");
    git = initGitRepository(root);
    if (git === "committed") report.success("Initialised a git repository with an initial commit.");
    if (git === "failed") report.warn("git init or the initial commit failed (is user.email set?); run `git init` yourself.");
  }

  const starting = options.immediate && install === "installed";
  report.block("Next steps", formatSteps(nextSteps(options, install === "installed"), blockWidth));
  const replay = wrapCommand(equivalentCommand(options), width - (clack ? 3 : 0) - 2).map((line) => `  ${pc.dim(line)}`);
  report.info(["Same project, without questions:", ...replay].join("\n"));
  if (options.immediate && !starting) report.warn(`Not starting the dev server: the dependencies are not installed (${install}).`);
  const closing = install === "failed" ? pc.yellow("Project created; the install needs a retry.") : pc.green("Happy building!");
  if (clack) clack.outro(`${closing} ${pc.dim(`Docs: ${docsUrl}`)}`);
  else report.info(`Docs: ${docsUrl}`);
  printJsonSummary(options, plan, { install, git, dryRun: false });
  if (exitCode !== 0) process.exitCode = exitCode;
  if (starting) process.exitCode = await startDevServer(options, root, report);
}

const docsUrl = "https://www.inngest.com/docs";

/** create-vite's "start now": the dev script in the foreground, in this terminal, until Ctrl-C. */
async function startDevServer(options: CreateOptions, root: string, report: Reporter): Promise<number> {
  const command = runScript(options.packageManager, "dev");
  report.step(`Starting ${command} in ${path.relative(process.cwd(), root) || "."} (Ctrl-C stops it)…`);
  const [bin, ...args] = command.split(" ");
  const { spawn } = await import("node:child_process");
  // stdout stays free for --json: the dev server talks on stderr there.
  const child = spawn(bin!, args, { cwd: root, stdio: ["inherit", options.json ? 2 : "inherit", "inherit"], shell: process.platform === "win32" });
  // The terminal's Ctrl-C reaches the dev server too; ours waits for it to end.
  return untilSignal(
    (signal) =>
      new Promise<number>((resolve) => {
        signal.addEventListener("abort", () => child.kill(signal.reason as NodeJS.Signals), { once: true });
        child.on("error", (error) => {
          report.warn(`Could not start ${command}: ${error.message}`);
          resolve(1);
        });
        child.on("close", (code, childSignal) => resolve(code ?? (childSignal === "SIGTERM" ? 143 : 130)));
      }),
  );
}

async function writeWithCancel(plan: Plan, report: Reporter): Promise<void> {
  report.step(`Writing ${plan.files.length} files…`);
  await untilSignal((signal) => applyPlan(plan, { signal }));
}

export interface NextStep {
  command: string;
  why?: string;
}

function nextSteps(options: CreateOptions, installed: boolean): NextStep[] {
  const framework = frameworkOn(options.framework, options.target);
  const pm = options.packageManager;
  const steps: NextStep[] = [];
  const relative = path.relative(process.cwd(), path.resolve(options.directory));
  if (relative) steps.push({ command: `cd ${shellQuote(relative)}` });
  if (!installed) steps.push({ command: installCommand(pm).join(" ") });
  steps.push(
    { command: runScript(pm, "dev"), why: `the app, on http://localhost:${framework.devPort} (your local secrets go in ${framework.secretsFile})` },
    {
      command: inngestDevServerCommand(framework),
      why: `in a second terminal, the Inngest dev server on http://localhost:8288 (or: ${runScript(pm, "dev:inngest")})`,
    },
    { command: `curl -X POST http://localhost:${framework.devPort}/api/demo-event`, why: "send a first event, then watch it run in the dev server" },
  );
  if (options.target === "none") {
    // Short enough for 80 columns; the README and `list` name every target.
    const example = targetsFor(options.framework).find((t) => t.id !== "none")!.id;
    steps.push({ command: `${addCommand(options.packageManager)} add --target ${example}`, why: "when you know where it deploys (list shows the targets)" });
  }
  return steps;
}

/**
 * Each step's reason in comment lines above it, and every line within `width`: pasted, the block
 * runs the commands and nothing of the comments (a terminal's own wrapping would split a comment
 * onto a line without its `#`).
 */
export function formatSteps(steps: NextStep[], width: number): string[] {
  return steps.flatMap((s) => [...(s.why ? shellComment(s.why, width).map((line) => pc.dim(line)) : []), ...wrapCommand(s.command, width)]);
}

function printJsonSummary(
  options: CreateOptions,
  plan: Plan,
  outcome: { install: InstallOutcome; git: GitOutcome | "skipped"; dryRun: boolean },
): void {
  if (!options.json) return;
  const summary = {
    directory: plan.root,
    options,
    dryRun: outcome.dryRun,
    files: plan.files.map((f) => ({ path: f.path, action: f.action })),
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    env: plan.env.map((v) => v.key),
    functionCount: functionCount(options.patterns),
    // The previous major the target generates instead of the newest, and why; null for the newest.
    previousMajor: previousMajorSummary(options),
    // Framework packages held at the newest version proven with the platform's adapter, and why.
    versionCaps: frameworkOn(options.framework, options.target).versionCaps,
    install: outcome.install,
    git: outcome.git,
    nextSteps: nextSteps(options, outcome.install === "installed").map((s) => s.command),
    command: equivalentCommand(options),
  };
  stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

function previousMajorSummary(options: CreateOptions) {
  const older = frameworkOn(options.framework, options.target).olderMajor;
  return older ? { major: older.major, newest: older.newest, reason: older.reason } : null;
}
