import { describe, expect, it } from "vitest";
import { program } from "../../src/cli.ts";
import { CommandLineError, editDistance, helpText, parseCommandLine, suggestion, type CommandLine, type ProgramSpec } from "../../src/command-line.ts";

/** The parse as plain data: which command, its operands and flags (or help / version). */
function parse(...args: string[]) {
  const line: CommandLine = parseCommandLine(program, args);
  if (line.kind === "version") return { version: true };
  if (line.kind === "help") return { help: line.command.name };
  return { command: line.command.name, operands: line.operands, flags: { ...line.flags } };
}

/** The message a command line is refused with (exit 2 in src/cli.ts). */
function refusal(...args: string[]): string {
  try {
    parseCommandLine(program, args);
  } catch (error) {
    if (error instanceof CommandLineError) return error.message;
    throw error;
  }
  throw new Error(`${args.join(" ")} was accepted`);
}

describe("the create command's command line", () => {
  it("gives absent options as absent", () => {
    expect(parse()).toEqual({ command: "create-inngest-app", operands: [], flags: {} });
  });

  it("gives every option kind the key and value the command reads", () => {
    expect(
      parse(
        "app",
        "--framework",
        "next",
        "--target=vercel",
        "--patterns",
        "durable-sleep,webhook",
        "--app-id",
        "my-id",
        "--pm",
        "pnpm",
        "-y",
        "--no-install",
        "--no-git",
        "--overwrite",
        "--dry-run",
        "--json",
      ),
    ).toEqual({
      command: "create-inngest-app",
      operands: ["app"],
      flags: { framework: "next", target: "vercel", patterns: "durable-sleep,webhook", appId: "my-id", pm: "pnpm", yes: true, install: false, git: false, overwrite: true, dryRun: true, json: true },
    });
    expect(parse("--install", "--git", "--yes").flags).toEqual({ install: true, git: true, yes: true });
  });

  it("takes options before or after the directory, an empty =value, and the last of a repeated option", () => {
    expect(parse("--framework", "next", "app").operands).toEqual(["app"]);
    expect(parse("--framework=", "app").flags).toEqual({ framework: "" });
    expect(parse("--framework", "next", "--framework", "hono").flags).toEqual({ framework: "hono" });
  });

  it("takes a value that starts with a dash, as commander did (the command then refuses it)", () => {
    expect(parse("--framework", "--yes").flags).toEqual({ framework: "--yes" });
  });

  it("takes everything after -- as operands", () => {
    expect(parse("-y", "--", "--odd-name")).toEqual({ command: "create-inngest-app", operands: ["--odd-name"], flags: { yes: true } });
    expect(parse("--", "list").command).toBe("create-inngest-app");
  });

  it("reads a word that is not a command as the directory", () => {
    expect(parse("Add", "-y").operands).toEqual(["Add"]);
    expect(parse("help").operands).toEqual(["help"]);
  });

  it("refuses an unknown option, suggesting the option meant", () => {
    expect(refusal("app", "--framwork", "next")).toBe("unknown option '--framwork'\n(Did you mean --framework?)");
    expect(refusal("--framwork=next")).toBe("unknown option '--framwork'\n(Did you mean --framework?)");
    expect(refusal("--no-yes")).toBe("unknown option '--no-yes'\n(Did you mean one of --no-git, --yes?)");
    expect(refusal("--teleport")).toBe("unknown option '--teleport'");
    expect(refusal("-x")).toBe("unknown option '-x'");
  });

  it("refuses an option without its value, a value for a flag, and a second directory", () => {
    expect(refusal("app", "--framework")).toBe("option '--framework <name>' argument missing");
    expect(refusal("--json=yes")).toBe("option '--json' does not take a value");
    expect(refusal("app", "extra")).toBe("too many arguments. Expected 1 argument but got 2.");
  });

  it("reports the first problem on the line", () => {
    expect(refusal("--frmework", "next", "--pm")).toMatch(/^unknown option '--frmework'/);
  });

  it("answers --help before anything else, and --version", () => {
    expect(parse("--help")).toEqual({ help: "create-inngest-app" });
    expect(parse("app", "--bogus", "extra", "-h")).toEqual({ help: "create-inngest-app" });
    expect(parse("-yh")).toEqual({ help: "create-inngest-app" });
    expect(parse("--version")).toEqual({ version: true });
    expect(parse("-v", "-y")).toEqual({ version: true });
  });
});

describe("subcommands", () => {
  it("list: its own --json, no argument", () => {
    expect(parse("list", "--json")).toEqual({ command: "list", operands: [], flags: { json: true } });
    expect(refusal("list", "frameworks")).toBe("too many arguments for 'list'. Expected 0 arguments but got 1.");
    expect(refusal("list", "--yes")).toBe("unknown option '--yes'");
    expect(refusal("list", "-v")).toBe("unknown option '-v'");
  });

  it("add: any number of patterns, its own options", () => {
    expect(parse("add")).toEqual({ command: "add", operands: [], flags: {} });
    expect(parse("add", "webhook", "--cwd", "apps/web", "cron-fan-out", "--dry-run", "--no-install", "--force", "-y", "--framework=hono", "--json")).toEqual({
      command: "add",
      operands: ["webhook", "cron-fan-out"],
      flags: { cwd: "apps/web", dryRun: true, install: false, force: true, yes: true, framework: "hono", json: true },
    });
    expect(refusal("add", "webhook", "--frce")).toBe("unknown option '--frce'\n(Did you mean --force?)");
    expect(refusal("add", "--overwrite")).toBe("unknown option '--overwrite'");
  });

  it("check: the directory defaults to the current one", () => {
    expect(parse("check")).toEqual({ command: "check", operands: ["."], flags: {} });
    expect(parse("check", "src", "--format", "sarif", "--strict", "--config", "rules.json", "--json")).toEqual({
      command: "check",
      operands: ["src"],
      flags: { format: "sarif", strict: true, config: "rules.json", json: true },
    });
    expect(refusal("check", "a", "b")).toBe("too many arguments for 'check'. Expected 1 argument but got 2.");
    expect(refusal("check", "--format")).toBe("option '--format <format>' argument missing");
  });

  it("the first operand names the subcommand; options before it are the program's", () => {
    expect(parse("-y", "list").command).toBe("list");
    expect(parse("--framework", "next", "list", "--json")).toEqual({ command: "list", operands: [], flags: { json: true } });
    expect(parse("--help", "list")).toEqual({ help: "create-inngest-app" });
    expect(parse("-v", "list")).toEqual({ version: true });
    expect(refusal("--bogus", "list")).toBe("unknown option '--bogus'");
  });

  it("each has its own help", () => {
    expect(parse("add", "--help")).toEqual({ help: "add" });
    expect(parse("check", "-h", "--nope")).toEqual({ help: "check" });
    expect(parse("list", "-h")).toEqual({ help: "list" });
  });
});

describe("one-letter options", () => {
  const tool: ProgramSpec = {
    name: "tool",
    description: "",
    argument: { name: "file", description: "" },
    options: [
      { short: "o", long: "out", value: "file", description: "" },
      { short: "q", long: "quiet", description: "" },
      { short: "h", long: "help", description: "" },
    ],
    run() {},
    commands: [],
  };
  const flagsOf = (...args: string[]) => {
    const line = parseCommandLine(tool, args);
    return line.kind === "run" ? { ...line.flags, operands: line.operands } : line.kind;
  };

  it("take a value from the next word or the rest of their group, and group with others", () => {
    expect(flagsOf("-o", "a.txt", "in")).toEqual({ out: "a.txt", operands: ["in"] });
    expect(flagsOf("-oa.txt")).toEqual({ out: "a.txt", operands: [] });
    expect(flagsOf("-qo", "a.txt")).toEqual({ quiet: true, out: "a.txt", operands: [] });
    expect(flagsOf("-qh")).toBe("help");
    expect(flagsOf("-", "-q")).toEqual({ quiet: true, operands: ["-"] });
    expect(() => flagsOf("-o")).toThrow("option '-o, --out <file>' argument missing");
    expect(() => flagsOf("-qz")).toThrow("unknown option '-z'");
  });
});

describe("help", () => {
  const command = (name: string) => program.commands.find((c) => c.name === name)!;

  it("lists the program's arguments, options and commands, wrapped at 80 columns, then the examples", () => {
    const help = helpText(program);
    const generated = help.slice(0, help.indexOf("Patterns (--patterns):"));
    expect(generated).toMatch(/^Usage: create-inngest-app \[options\] \[command\] \[directory\]\n\nCreate a working Inngest app/);
    for (const term of ["directory", "-v, --version", "--framework <name>", "--app-id <id>", "--no-install", "-y, --yes", "-h, --help", "list [options]", "add [options] [patterns...]", "check [options] [directory]"]) {
      expect(generated).toContain(`\n  ${term}  `);
    }
    expect(generated.split("\n").every((line) => line.length <= 80)).toBe(true);
    expect(help).toContain("\nExamples:\n");
    expect(help).toContain("\nExit codes: 0 done, 1 failed");
    expect(help.endsWith("130/143 stopped by Ctrl-C/SIGTERM.\n")).toBe(true);
  });

  it("list", () => {
    expect(helpText(program, command("list"))).toBe(`Usage: create-inngest-app list [options]

print the frameworks, deployment targets and patterns

Options:
  --json      print them as JSON
  -h, --help  show this help
`);
  });

  it("add", () => {
    expect(helpText(program, command("add"))).toBe(`Usage: create-inngest-app add [options] [patterns...]

add patterns to an existing project, setting up Inngest first if it has none

Arguments:
  patterns            patterns to add: durable-sleep, multi-step, cron-fan-out,
                      webhook, ai-pipeline, wait-for-event

Options:
  --cwd <dir>         the project to change (default: the current directory)
  --framework <name>  use this framework instead of the detected one
  --install           install new dependencies (default)
  --no-install        skip installing new dependencies
  -y, --yes           ask nothing; go on with uncommitted changes in git
  --force             replace files that exist with other content
  --dry-run           print the plan, with diffs, and write nothing
  --json              print a machine-readable summary on stdout
  -h, --help          show this help

Examples:
  $ npx create-inngest-app add webhook
  $ npx create-inngest-app add durable-sleep cron-fan-out --cwd apps/web --dry-run
`);
  });

  it("check", () => {
    expect(helpText(program, command("check"))).toBe(`Usage: create-inngest-app check [options] [directory]

check a project's Inngest code for mistakes that make functions unreliable

Arguments:
  directory                  the project to check (default: ".")

Options:
  --json                     print the findings as JSON
  --format <format>          text | json | sarif (SARIF 2.1.0, for GitHub code
                             scanning)
  --strict                   exit 1 on warnings too
  --fail-on-migration        exit 1 on v4-migration findings of inngest 3.x code
                             too
  --config <file>            rule settings (default: inngest-check.json, or
                             package.json "inngestCheck")
  --fix                      apply the fixes that keep behaviour, showing each
                             as a diff
  --fix-suggestions <rules>  also apply the suggested fixes of these rules
                             (comma-separated; each chooses a value)
  --dry-run                  show the fixes, write nothing
  -h, --help                 show this help

Exit codes: 0 clean, 1 errors found (warnings too with --strict), 2 usage error.
Each package's inngest version is read (package.json, lockfile); on inngest 3.x code the
v4-migration findings are listed apart and fail the run only with --fail-on-migration.
--fix applies the fixes that keep behaviour (register an unserved function, "1h" for 3600000
ms, a function id from its name); fixes that choose a value (a timeout, a concurrency limit,
retries, an idempotency key, a renamed step id) are shown and applied only for the rules named in
--fix-suggestions, e.g. --fix-suggestions wait-without-timeout,no-retry-policy.
Silence one finding with a comment on the line before it:
  // inngest-check-ignore-next-line step-id-style
Turn rules off or change their level in inngest-check.json:
  { "rules": { "no-retry-policy": "off", "step-id-style": "error" } }
`);
  });
});

describe("suggestions", () => {
  it("edit distance counts inserts, deletes, replacements and swaps of neighbours", () => {
    expect(editDistance("framework", "framework")).toBe(0);
    expect(editDistance("framwork", "framework")).toBe(1);
    expect(editDistance("framewrok", "framework")).toBe(1);
    expect(editDistance("", "git")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests only long options close enough to be a typo", () => {
    const options = [{ long: "force", description: "" }, { long: "format", value: "f", description: "" }, { long: "json", description: "" }];
    expect(suggestion("--forc", options)).toBe("\n(Did you mean --force?)");
    expect(suggestion("--fore", options)).toBe("\n(Did you mean --force?)");
    expect(suggestion("--form", options)).toBe("\n(Did you mean one of --force, --format?)");
    expect(suggestion("--xyz", options)).toBe("");
    expect(suggestion("-f", options)).toBe("");
  });
});
