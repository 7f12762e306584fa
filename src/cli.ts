import { Command, CommanderError, Help } from "commander";
import pc from "picocolors";
import packageJson from "../package.json" with { type: "json" };
import { frameworkIds } from "./catalogue/frameworks.ts";
import { patternIds } from "./catalogue/patterns.ts";
import { deployTargetIds, targetIds } from "./catalogue/targets.ts";
import { isCancelled, isUserError, usageErrorExitCode } from "./errors.ts";
import { assertNoContradiction, contradictions } from "./options/contradictions.ts";
import { packageManagers } from "./install/package-manager.ts";
import { mistypedCommand } from "./options/suggest.ts";
import { stderr, stdout } from "./ui/output.ts";
import { terminalWidth, wrapText } from "./ui/width.ts";
import { isTerminal } from "./ui/terminal.ts";

/** Help is laid out at most this wide; narrower when the terminal is (bin/ prints it prerendered at this width). */
export const helpMaxWidth = 80;


/** What a command's help says after commander's own sections: the patterns, examples, exit codes. */
type HelpAfter = (helper: Help) => string;

const createHelpAfter: HelpAfter = (helper) => {
  // Example commands are never wrapped: a line broken in two would not paste as one command.
  return `
Examples:
  $ npm create inngest-app@latest                 # asks for each choice
  $ npx create-inngest-app my-app --framework next --yes
  $ npx create-inngest-app api --framework hono --target railway --no-git
  $ npx create-inngest-app my-app -y --dry-run --json   # the plan as JSON
  $ npx create-inngest-app list --json            # the catalogue, for tools
  $ npx create-inngest-app check                  # unreliable Inngest code?
  $ npx create-inngest-app migrate --dry-run      # inngest 3.x code to v4

${helper.boxWrap("Every framework, target and pattern, explained: create-inngest-app list", helper.helpWidth ?? helpMaxWidth)}

${helper.boxWrap("Without a terminal (CI, scripts, agents) nothing is asked: pass the choices as flags, or --yes to accept the defaults for those not given.", helper.helpWidth ?? helpMaxWidth)}

${helper.boxWrap("Exit codes: 0 done, 1 failed (nothing half-written is left), 2 usage error (nothing done), 130/143 stopped by Ctrl-C/SIGTERM.", helper.helpWidth ?? helpMaxWidth)}
`;
};

const addHelpAfter: HelpAfter = () => `
Examples:
  $ npx create-inngest-app add webhook
  $ npx create-inngest-app add durable-sleep webhook --cwd apps/web --dry-run
  $ npx create-inngest-app add --target vercel
`;

const checkHelpAfter: HelpAfter = (helper) => {
  const width = helper.helpWidth ?? helpMaxWidth;
  return `
${helper.boxWrap("Exit codes: 0 clean, 1 errors found (warnings too with --strict), 2 usage error.", width)}
${helper.boxWrap("Each package's inngest version is read (package.json, lockfile); on inngest 3.x code the v4-migration findings are listed apart and fail the run only with --fail-on-migration.", width)}
${helper.boxWrap('--fix applies the fixes that keep behaviour ("1h" for 3600000 ms, a function id from its name, a missing serve handler); fixes that choose for you (a timeout, a concurrency limit, retries, an idempotency key, a renamed step id, registering an unserved function, which starts it running) are shown and applied only for the rules named in --fix-suggestions, e.g. --fix-suggestions wait-without-timeout,function-not-served.', width)}
Silence one finding with a comment on the line before it:
  // inngest-check-ignore-next-line step-id-style
Turn rules off or change their level in inngest-check.json:
  { "rules": { "no-retry-policy": "off", "step-id-style": "error" } }
`;
};

/** The options as a command receives them: camelCase keys (`appId`), absent when not given. */
type Flags = Record<string, string | boolean>;

/**
 * The whole command line, parsed by commander: every command, argument and option, with the
 * help's words. `args` is the command line as typed, for the contradiction checks.
 */
export function createProgram(args: readonly string[] = []): Command {
  const helpAfter = new Map<Command, HelpAfter>();
  const program = new Command("create-inngest-app")
    .description("Create a working Inngest app: durable, event-driven functions, ready to run and deploy.")
    // `list --json` is list's --json, not the program's.
    .enablePositionalOptions()
    .exitOverride()
    .helpOption("-h, --help", "show this help")
    .helpCommand("help [command]", "show the help of a command")
    .configureOutput({
      writeOut: (text) => stdout.write(text),
      writeErr: (text) => stderr.write(text),
      // Errors are printed by main(), in the one format of every usage error.
      outputError: () => {},
      getOutHelpWidth: () => terminalWidth(1),
      getErrHelpWidth: () => terminalWidth(2),
      getOutHasColors: () => false,
      getErrHasColors: () => false,
    })
    .configureHelp({
      // Wrap descriptions in a narrow terminal too (commander stops below 40 columns for them).
      minWidthToWrap: 24,
      prepareContext(context) {
        Help.prototype.prepareContext.call(this, { ...context, helpWidth: Math.min(context.helpWidth ?? helpMaxWidth, helpMaxWidth) });
      },
      formatHelp(command, helper) {
        return Help.prototype.formatHelp.call(this, command, helper) + (helpAfter.get(command)?.(helper) ?? "");
      },
    });
  program
    .version(packageJson.version, "-v, --version", "print the version")
    .argument("[directory]", "where to create the project (. for the current directory)")
    .option("--framework <name>", `${frameworkIds.join(" | ")} (react-router = remix)`)
    .option("--target <name>", `deployment target: ${targetIds.join(" | ")} (none = decide later)`)
    .option("--patterns <ids>", `comma-separated function patterns: ${patternIds.join(", ")}`)
    .option("--app-id <id>", "Inngest app id (default: from the directory name)")
    .option("--pm <name>", `package manager: ${packageManagers.join(" | ")} (default: the one running this)`)
    .option("--install", "install dependencies (default)")
    .option("--no-install", "skip installing dependencies")
    .option("--git", "initialise a git repository (default)")
    .option("--no-git", "skip git init")
    .option("--immediate", "install, then start the dev server in this terminal")
    .option("--no-immediate", "do not ask to start the dev server (default without a terminal)")
    .option("-y, --yes", "accept the defaults for anything not given, without asking")
    .option("--overwrite", "write into a non-empty directory, replacing files the project needs")
    .option("--dry-run", "print the plan and write nothing")
    .option("--json", "print a machine-readable summary on stdout")
    .hook("preAction", (_program, command) => {
      // `create-inngest-app lsit` is a mistyped command more likely than a project called lsit.
      const directory = command === program ? (command.args[0] as string | undefined) : undefined;
      const meant = directory === undefined ? undefined : mistypedCommand(directory, program.commands.map((c) => c.name()));
      if (meant) {
        program.error(`error: unknown command '${directory}'\n(Did you mean ${meant}? For a project called ${directory}, write ./${directory})`, {
          exitCode: usageErrorExitCode,
          code: "commander.unknownCommand",
        });
      }
    })
    .hook("preSubcommand", (_program, command) => optionsBeforeCommand(program, command, args))
    .action(async (directory: string | undefined, flags: Flags) => {
      assertNoContradiction(args, contradictions.create);
      const { createCommand } = await import("./commands/create.ts");
      await createCommand({ ...flags, directory });
    });
  helpAfter.set(program, createHelpAfter);

  program
    .command("list")
    .description("print the frameworks, deployment targets and patterns")
    .option("--json", "print them as JSON")
    .action(async (flags: Flags) => {
      const { listCommand } = await import("./commands/list.ts");
      listCommand(flags);
    });

  const add = program
    .command("add")
    .description("add patterns to an existing project, setting up Inngest first if it has none")
    .argument("[patterns...]", `patterns to add: ${patternIds.join(", ")}`)
    .option("--cwd <dir>", "the project to change (default: the current directory)")
    .option("--framework <name>", "use this framework instead of the detected one")
    .option("--target <name>", `a deploy target for a project made without one: ${deployTargetIds.join(", ")}`)
    .option("--install", "install new dependencies (default)")
    .option("--no-install", "skip installing new dependencies")
    .option("-y, --yes", "ask nothing; go on with uncommitted changes in git")
    .option("--force", "replace files that exist with other content")
    .option("--dry-run", "print the plan, with diffs, and write nothing")
    .option("--json", "print a machine-readable summary on stdout")
    .action(async (patternArgs: string[], flags: Flags) => {
      assertNoContradiction(args, contradictions.add);
      const { addCommand } = await import("./commands/add.ts");
      await addCommand({ ...flags, patterns: patternArgs });
    });
  helpAfter.set(add, addHelpAfter);

  const check = program
    .command("check")
    .description("check a project's Inngest code for mistakes that make functions unreliable")
    .argument("[directory]", "the project to check", ".")
    .option("--json", "print the findings as JSON")
    .option("--format <format>", "text | json | sarif (SARIF 2.1.0, for GitHub code scanning)")
    .option("--strict", "exit 1 on warnings too")
    .option("--fail-on-migration", "exit 1 on v4-migration findings of inngest 3.x code too")
    .option("--config <file>", 'rule settings (default: inngest-check.json, or package.json "inngestCheck")')
    .option("--fix", "apply the fixes that keep behaviour, showing each as a diff")
    .option("--fix-suggestions <rules>", "also apply the suggested fixes of these rules (comma-separated; each chooses for you)")
    .option("--dry-run", "show the fixes, write nothing")
    .action(async (directory: string, flags: Flags) => {
      const { checkCommand } = await import("./commands/check.ts");
      await checkCommand(directory, flags);
    });
  helpAfter.set(check, checkHelpAfter);

  program
    .command("migrate")
    .description("move a project on inngest 3.x to v4: its code and package.json")
    .argument("[directory]", "the project to migrate", ".")
    .option("--dry-run", "print the changes, with diffs, and write nothing")
    .option("--json", "print a machine-readable summary on stdout")
    .action(async (directory: string, flags: Flags) => {
      const { migrateCommand } = await import("./commands/migrate.ts");
      await migrateCommand(directory, flags);
    });
  return program;
}

/** `--help` as the program prints it at full width; the build writes it to dist/help.txt for bin/'s fast path. */
export function renderHelp(): string {
  return createProgram().configureOutput({ getOutHelpWidth: () => helpMaxWidth }).helpInformation();
}

/**
 * `create-inngest-app --json check`: options typed before a command are create's, and the command
 * would run without them. Refused (exit 2), with the command line that means what was typed.
 */
function optionsBeforeCommand(program: Command, command: Command, args: readonly string[]): void {
  const given = program.options.filter((o) => program.getOptionValueSource(o.attributeName()) === "cli");
  if (given.length === 0) return;
  const at = args.indexOf(command.name());
  const before = at > 0 ? args.slice(0, at) : given.map((o) => o.long ?? o.short ?? "");
  const after = at >= 0 ? args.slice(at + 1) : [];
  const own = (o: (typeof given)[number]) => command.options.some((c) => c.long === o.long);
  const missing = given.filter((o) => !own(o)).map((o) => o.long ?? o.short);
  const hint = missing.length === 0 ? `(Did you mean: create-inngest-app ${[command.name(), ...after, ...before].join(" ")}?)` : `(${command.name()} takes no ${missing.join(", ")}: see create-inngest-app ${command.name()} --help)`;
  program.error(`error: ${before.join(" ")} typed before ${command.name()}: options before a command are create's, so ${command.name()} would run without them.\n${hint}`, {
    exitCode: usageErrorExitCode,
    code: "commander.optionsBeforeCommand",
  });
}

/** commander's codes for a help or version printed as asked: done, not an error. */
const answeredCodes = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

export async function main(argv = process.argv): Promise<void> {
  try {
    await createProgram(argv.slice(2)).parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (answeredCodes.has(error.code)) {
        process.exitCode = error.exitCode;
        return;
      }
      // Nothing has run: the command line is wrong (exit 2).
      const message = error.message.replace(/^error: /, "");
      printError(message);
      process.exitCode = usageErrorExitCode;
      printJsonError(argv, message, usageErrorExitCode);
      return;
    }
    if (isCancelled(error)) {
      if (!error.alreadyShown) stderr.write(`${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    if (isUserError(error)) {
      printError(error.message);
      process.exitCode = error.exitCode;
      printJsonError(argv, error.message, error.exitCode);
      return;
    }
    stderr.write(`${pc.red("create-inngest-app failed unexpectedly:")}\n${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  }
}

/** Every error the user can fix, commander's and ours, in one format: `error: …`, then any hint line. */
function printError(message: string): void {
  // In a terminal, wrapped to its width under the message; into a pipe or a log, one line per
  // message, as tools that grep it expect.
  const line = `${pc.red("error:")} ${message}`;
  stderr.write(`${isTerminal(2) ? wrapText(line, terminalWidth(2), 2) : line}\n`);
}

/**
 * A tool that asked for `--json` reads stdout: a refusal is an object there too (the message
 * also goes to stderr, for people), unless the command already printed its own summary.
 */
function printJsonError(argv: string[], message: string, exitCode: number): void {
  if (!argv.slice(2).includes("--json") || stdout.used) return;
  stdout.write(`${JSON.stringify({ outcome: "error", error: message.replace(/\u001b\[[0-9;]*m/g, ""), exitCode }, null, 2)}\n`);
}
