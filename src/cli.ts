import { CommandLineError, parseCommandLine, helpText, type OptionSpec, type ProgramSpec } from "./command-line.ts";
import { pc } from "./ui/colors.ts";
import packageJson from "../package.json" with { type: "json" };
import { frameworkIds } from "./catalogue/frameworks.ts";
import { patternIds, patterns } from "./catalogue/patterns.ts";
import { targetIds } from "./catalogue/targets.ts";
import { isCancelled, isUserError, usageErrorExitCode } from "./errors.ts";
import { assertNoContradiction, contradictions } from "./options/contradictions.ts";
import { packageManagers } from "./install/package-manager.ts";
import { stderr, stdout } from "./ui/output.ts";

const examples = () => `
Patterns (--patterns):
${Object.values(patterns).map((p) => `  ${p.id.padEnd(16)}${p.hint}`).join("\n")}

Examples:
  $ npm create inngest-app@latest                     # interactive
  $ npx create-inngest-app my-app --framework next --yes
  $ npx create-inngest-app api --framework hono --target railway --patterns durable-sleep --no-git
  $ npx create-inngest-app my-app -y --dry-run --json    # print the plan as JSON, write nothing
  $ npx create-inngest-app list --json                 # the frameworks, targets and patterns, for tools
  $ npx create-inngest-app check                       # find unreliable Inngest code in this project
  $ npx create-inngest-app migrate --dry-run           # move inngest 3.x code to v4 (diffs only)

Without a terminal (CI, scripts, agents) nothing is asked: pass the choices as flags, or --yes
to accept the defaults for those not given.

Exit codes: 0 done, 1 failed (nothing half-written is left), 2 usage error (nothing done),
130/143 stopped by Ctrl-C/SIGTERM.`;

const checkHelp = `
Exit codes: 0 clean, 1 errors found (warnings too with --strict), 2 usage error.
Each package's inngest version is read (package.json, lockfile); on inngest 3.x code the
v4-migration findings are listed apart and fail the run only with --fail-on-migration.
Silence one finding with a comment on the line before it:
  // inngest-check-ignore-next-line step-id-style
Turn rules off or change their level in inngest-check.json:
  { "rules": { "no-retry-policy": "off", "step-id-style": "error" } }`;

const helpOption: OptionSpec = { short: "h", long: "help", description: "show this help" };

/** The whole command line: every command, argument and option, with the help's words. */
export const program: ProgramSpec = {
  name: "create-inngest-app",
  description: "Create a working Inngest app: durable, event-driven functions, ready to run and deploy.",
  argument: { name: "directory", description: "where to create the project (. for the current directory)" },
  options: [
    { short: "v", long: "version", description: "print the version" },
    { long: "framework", value: "name", description: `${frameworkIds.join(" | ")} (react-router = remix)` },
    { long: "target", value: "name", description: `deployment target: ${targetIds.join(" | ")}` },
    { long: "patterns", value: "ids", description: `comma-separated function patterns: ${patternIds.join(", ")}` },
    { long: "app-id", value: "id", description: "Inngest app id (default: from the directory name)" },
    { long: "pm", value: "name", description: `package manager: ${packageManagers.join(" | ")} (default: the one running this)` },
    { long: "install", description: "install dependencies (default)" },
    { long: "no-install", description: "skip installing dependencies" },
    { long: "git", description: "initialise a git repository (default)" },
    { long: "no-git", description: "skip git init" },
    { short: "y", long: "yes", description: "accept the defaults for anything not given, without asking" },
    { long: "overwrite", description: "write into a non-empty directory, replacing files the project needs" },
    { long: "dry-run", description: "print the plan and write nothing" },
    { long: "json", description: "print a machine-readable summary on stdout" },
    helpOption,
  ],
  helpAfter: examples,
  async run([directory], flags, args) {
    assertNoContradiction(args, contradictions.create);
    const { createCommand } = await import("./commands/create.ts");
    await createCommand({ ...flags, directory });
  },
  commands: [
    {
      name: "list",
      description: "print the frameworks, deployment targets and patterns",
      options: [{ long: "json", description: "print them as JSON" }, helpOption],
      async run(_operands, flags) {
        const { listCommand } = await import("./commands/list.ts");
        listCommand(flags);
      },
    },
    {
      name: "add",
      description: "add patterns to an existing project, setting up Inngest first if it has none",
      argument: { name: "patterns", variadic: true, description: `patterns to add: ${patternIds.join(", ")}` },
      options: [
        { long: "cwd", value: "dir", description: "the project to change (default: the current directory)" },
        { long: "framework", value: "name", description: "use this framework instead of the detected one" },
        { long: "install", description: "install new dependencies (default)" },
        { long: "no-install", description: "skip installing new dependencies" },
        { short: "y", long: "yes", description: "ask nothing; go on with uncommitted changes in git" },
        { long: "force", description: "replace files that exist with other content" },
        { long: "dry-run", description: "print the plan, with diffs, and write nothing" },
        { long: "json", description: "print a machine-readable summary on stdout" },
        helpOption,
      ],
      helpAfter: () => "\nExamples:\n  $ npx create-inngest-app add webhook\n  $ npx create-inngest-app add durable-sleep cron-fan-out --cwd apps/web --dry-run",
      async run(patternArgs, flags, args) {
        assertNoContradiction(args, contradictions.add);
        const { addCommand } = await import("./commands/add.ts");
        await addCommand({ ...flags, patterns: patternArgs });
      },
    },
    {
      name: "check",
      description: "check a project's Inngest code for mistakes that make functions unreliable",
      argument: { name: "directory", description: "the project to check", default: "." },
      options: [
        { long: "json", description: "print the findings as JSON" },
        { long: "format", value: "format", description: "text | json | sarif (SARIF 2.1.0, for GitHub code scanning)" },
        { long: "strict", description: "exit 1 on warnings too" },
        { long: "fail-on-migration", description: "exit 1 on v4-migration findings of inngest 3.x code too" },
        { long: "config", value: "file", description: 'rule settings (default: inngest-check.json, or package.json "inngestCheck")' },
        helpOption,
      ],
      helpAfter: () => checkHelp,
      async run([directory], flags) {
        const { checkCommand } = await import("./commands/check.ts");
        await checkCommand(directory, flags);
      },
    },
    {
      name: "migrate",
      description: "move a project on inngest 3.x to v4: its code and package.json",
      argument: { name: "directory", description: "the project to migrate", default: "." },
      options: [
        { long: "dry-run", description: "print the changes, with diffs, and write nothing" },
        { long: "json", description: "print a machine-readable summary on stdout" },
        helpOption,
      ],
      async run([directory], flags) {
        const { migrateCommand } = await import("./commands/migrate.ts");
        await migrateCommand(directory, flags);
      },
    },
  ],
};

/** `--help` as the program prints it; the build writes it to dist/help.txt for bin/'s fast path. */
export function renderHelp(): string {
  return helpText(program);
}

export async function main(argv = process.argv): Promise<void> {
  try {
    const args = argv.slice(2);
    const line = parseCommandLine(program, args);
    if (line.kind === "help") stdout.write(helpText(program, line.command));
    else if (line.kind === "version") stdout.write(`${packageJson.version}\n`);
    else await line.command.run(line.operands, line.flags, args);
  } catch (error) {
    if (error instanceof CommandLineError) {
      // Nothing has run: the command line is wrong (exit 2), said as commander said it.
      stderr.write(`error: ${error.message}\n`);
      process.exitCode = usageErrorExitCode;
      printJsonError(argv, error.message, usageErrorExitCode);
      return;
    }
    if (isCancelled(error)) {
      if (!error.alreadyShown) stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (isUserError(error)) {
      stderr.write(`${pc.red("error")} ${error.message}\n`);
      process.exitCode = error.exitCode;
      printJsonError(argv, error.message, error.exitCode);
      return;
    }
    stderr.write(`${pc.red("create-inngest-app failed unexpectedly:")}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

/**
 * A tool that asked for `--json` reads stdout: a refusal is an object there too (the message
 * also goes to stderr, for people), unless the command already printed its own summary.
 */
function printJsonError(argv: string[], message: string, exitCode: number): void {
  if (!argv.slice(2).includes("--json") || stdout.used) return;
  stdout.write(`${JSON.stringify({ outcome: "error", error: message.replace(/\u001b\[[0-9;]*m/g, ""), exitCode }, null, 2)}\n`);
}
