import { Command } from "commander";
import { pc } from "./ui/colors.ts";
import packageJson from "../package.json" with { type: "json" };
import { frameworkIds } from "./catalogue/frameworks.ts";
import { patternIds, patterns } from "./catalogue/patterns.ts";
import { targetIds } from "./catalogue/targets.ts";
import { isCancelled, isUserError, usageErrorExitCode } from "./errors.ts";
import { assertNoContradiction, contradictions } from "./options/contradictions.ts";
import { packageManagers } from "./install/package-manager.ts";
import { stderr } from "./ui/output.ts";

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

Without a terminal (CI, scripts, agents) nothing is asked: pass the choices as flags, or --yes
to accept the defaults for those not given.

Exit codes: 0 done, 1 failed (nothing half-written is left), 2 usage error (nothing done),
130/143 stopped by Ctrl-C/SIGTERM.`;

const checkHelp = `
Exit codes: 0 clean, 1 errors found (warnings too with --strict), 2 usage error.
Silence one finding with a comment on the line before it:
  // inngest-check-ignore-next-line step-id-style
Turn rules off or change their level in inngest-check.json:
  { "rules": { "no-retry-policy": "off", "step-id-style": "error" } }`;

/** `argv`: the command line being parsed, where contradictory flags are looked for. */
export function buildProgram(argv: readonly string[] = []): Command {
  const program = new Command()
    .name("create-inngest-app")
    .description("Create a working Inngest app: durable, event-driven functions, ready to run and deploy.")
    .version(packageJson.version, "-v, --version", "print the version")
    .helpOption("-h, --help", "show this help")
    // A fixed width, so the help pre-rendered at build time (for the fast path in bin/) is the same text.
    .configureHelp({ helpWidth: 80 })
    .argument("[directory]", "where to create the project (. for the current directory)")
    .option("--framework <name>", `${frameworkIds.join(" | ")} (react-router = remix)`)
    .option("--target <name>", `deployment target: ${targetIds.join(" | ")}`)
    .option("--patterns <ids>", `comma-separated function patterns: ${patternIds.join(", ")}`)
    .option("--app-id <id>", "Inngest app id (default: from the directory name)")
    .option("--pm <name>", `package manager: ${packageManagers.join(" | ")} (default: the one running this)`)
    .option("--install", "install dependencies (default)")
    .option("--no-install", "skip installing dependencies")
    .option("--git", "initialise a git repository (default)")
    .option("--no-git", "skip git init")
    .option("-y, --yes", "accept the defaults for anything not given, without asking")
    .option("--overwrite", "write into a non-empty directory, replacing files the project needs")
    .option("--dry-run", "print the plan and write nothing")
    .option("--json", "print a machine-readable summary on stdout")
    .addHelpText("after", examples)
    .allowExcessArguments(false)
    .showSuggestionAfterError(true)
    // Usage errors (an unknown flag or command, a stray argument) exit 2, as ours do; commander
    // printed them. Set before the subcommands, which inherit it.
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : usageErrorExitCode))
    // `list --json` is the subcommand's option, not the create command's.
    .enablePositionalOptions()
    .action(async (directory: string | undefined, flags: Record<string, unknown>) => {
      assertNoContradiction(argv, contradictions.create);
      const { createCommand } = await import("./commands/create.ts");
      await createCommand({ ...flags, directory });
    });

  program
    .command("list")
    .description("print the frameworks, deployment targets and patterns")
    .option("--json", "print them as JSON")
    .helpOption("-h, --help", "show this help")
    .allowExcessArguments(false)
    .action(async (flags: { json?: boolean }) => {
      const { listCommand } = await import("./commands/list.ts");
      listCommand(flags);
    });

  program
    .command("add")
    .description("add patterns to an existing project, setting up Inngest first if it has none")
    .argument("[patterns...]", `patterns to add: ${patternIds.join(", ")}`)
    .option("--cwd <dir>", "the project to change (default: the current directory)")
    .option("--framework <name>", "use this framework instead of the detected one")
    .option("--install", "install new dependencies (default)")
    .option("--no-install", "skip installing new dependencies")
    .option("-y, --yes", "ask nothing; go on with uncommitted changes in git")
    .option("--force", "replace files that exist with other content")
    .option("--dry-run", "print the plan, with diffs, and write nothing")
    .option("--json", "print a machine-readable summary on stdout")
    .helpOption("-h, --help", "show this help")
    .addHelpText("after", "\nExamples:\n  $ npx create-inngest-app add webhook\n  $ npx create-inngest-app add durable-sleep cron-fan-out --cwd apps/web --dry-run")
    .action(async (patternArgs: string[], flags: Record<string, unknown>) => {
      assertNoContradiction(argv, contradictions.add);
      const { addCommand } = await import("./commands/add.ts");
      await addCommand({ ...flags, patterns: patternArgs });
    });

  program
    .command("check")
    .description("check a project's Inngest code for mistakes that make functions unreliable")
    .argument("[directory]", "the project to check", ".")
    .option("--json", "print the findings as JSON")
    .option("--format <format>", "text | json | sarif (SARIF 2.1.0, for GitHub code scanning)")
    .option("--strict", "exit 1 on warnings too")
    .option("--config <file>", "rule settings (default: inngest-check.json, or package.json \"inngestCheck\")")
    .helpOption("-h, --help", "show this help")
    .allowExcessArguments(false)
    .addHelpText("after", checkHelp)
    .action(async (directory: string, flags: Record<string, unknown>) => {
      const { checkCommand } = await import("./commands/check.ts");
      await checkCommand(directory, flags);
    });
  return program;
}

/** `--help` as the program prints it; the build writes it to dist/help.txt for bin/'s fast path. */
export function renderHelp(): string {
  let text = "";
  buildProgram()
    .configureOutput({ writeOut: (chunk) => (text += chunk) })
    .outputHelp();
  return text;
}

export async function main(argv = process.argv): Promise<void> {
  try {
    await buildProgram(argv).parseAsync(argv);
  } catch (error) {
    if (isCancelled(error)) {
      if (!error.alreadyShown) stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (isUserError(error)) {
      stderr.write(`${pc.red("error")} ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    stderr.write(`${pc.red("create-inngest-app failed unexpectedly:")}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}
