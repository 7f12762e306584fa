import { describe, expect, it } from "vitest";
import { CommanderError } from "commander";
import { createProgram, helpMaxWidth } from "../../src/cli.ts";
import { didYouMean, editDistance, mistypedCommand, similarValues, unknownValues } from "../../src/options/suggest.ts";
import { patternIds } from "../../src/catalogue/patterns.ts";

const stopped = Symbol("stopped before the command ran");

/**
 * What commander hands a command for `args`: its name, operands and the flags object the command
 * reads (camelCase keys, absent when not given). The command itself does not run.
 */
async function parse(...args: string[]) {
  const program = createProgram(args).configureOutput({ writeOut: () => {}, writeErr: () => {} });
  let seen: { command: string; operands: string[]; flags: Record<string, unknown> } | undefined;
  program.hook("preAction", (_program, command) => {
    seen = { command: command.name(), operands: command.processedArgs.flat().filter((a) => a !== undefined), flags: { ...command.opts() } };
    throw stopped;
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error !== stopped) throw error;
  }
  return seen;
}

/** The message commander refuses `args` with, and its code. */
async function refusal(...args: string[]) {
  const program = createProgram(args).configureOutput({ writeOut: () => {}, writeErr: () => {} });
  program.hook("preAction", () => {
    throw new Error(`${args.join(" ")} was accepted`);
  });
  try {
    await program.parseAsync(args, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) return error.message;
    throw error;
  }
  throw new Error(`${args.join(" ")} was accepted`);
}

describe("the command line, parsed by commander, gives each command the flags it reads", () => {
  it("create: every option kind under the key the command reads; absent options absent", async () => {
    expect(await parse()).toEqual({ command: "create-inngest-app", operands: [], flags: {} });
    expect(
      await parse("app", "--framework", "next", "--target=vercel", "--patterns", "durable-sleep,webhook", "--app-id", "my-id", "--pm", "pnpm", "-y", "--no-install", "--no-git", "--overwrite", "--dry-run", "--json"),
    ).toEqual({
      command: "create-inngest-app",
      operands: ["app"],
      flags: { framework: "next", target: "vercel", patterns: "durable-sleep,webhook", appId: "my-id", pm: "pnpm", yes: true, install: false, git: false, overwrite: true, dryRun: true, json: true },
    });
    expect((await parse("--install", "--git", "--yes"))?.flags).toEqual({ install: true, git: true, yes: true });
    expect((await parse("--framework", "next", "app"))?.operands).toEqual(["app"]);
    expect((await parse("--framework", "next", "--framework", "hono"))?.flags).toEqual({ framework: "hono" });
  });

  it("subcommands get their own options, not the program's", async () => {
    expect(await parse("list", "--json")).toEqual({ command: "list", operands: [], flags: { json: true } });
    expect(await parse("add", "webhook", "--cwd", "apps/web", "cron-fan-out", "--dry-run", "--no-install", "--force", "-y", "--framework=hono", "--json")).toEqual({
      command: "add",
      operands: ["webhook", "cron-fan-out"],
      flags: { cwd: "apps/web", dryRun: true, install: false, force: true, yes: true, framework: "hono", json: true },
    });
    expect(await parse("check")).toEqual({ command: "check", operands: ["."], flags: {} });
    expect(await parse("check", "src", "--format", "sarif", "--strict", "--fail-on-migration", "--config", "rules.json")).toEqual({
      command: "check",
      operands: ["src"],
      flags: { format: "sarif", strict: true, failOnMigration: true, config: "rules.json" },
    });
  });

  it("refuses what a command does not take, in commander's words", async () => {
    expect(await refusal("app", "--framwork", "next")).toBe("error: unknown option '--framwork'\n(Did you mean --framework?)");
    expect(await refusal("app", "extra")).toBe("error: too many arguments. Expected 1 argument but got 2.");
    expect(await refusal("app", "--framework")).toBe("error: option '--framework <name>' argument missing");
    expect(await refusal("list", "--yes")).toMatch(/^error: unknown option '--yes'/);
    expect(await refusal("list", "frameworks")).toBe("error: too many arguments for 'list'. Expected 0 arguments but got 1.");
    expect(await refusal("add", "--overwrite")).toBe("error: unknown option '--overwrite'");
    expect(await refusal("add", "webhook", "--frce")).toBe("error: unknown option '--frce'\n(Did you mean --force?)");
  });

  it("reads a first word close to a command as a mistyped command, and any other word as the directory", async () => {
    expect(await refusal("lsit")).toBe("error: unknown command 'lsit'\n(Did you mean list? For a project called lsit, write ./lsit)");
    expect(await refusal("chek", "-y")).toMatch(/^error: unknown command 'chek'\n\(Did you mean check\?/);
    expect(await refusal("Add")).toMatch(/Did you mean add\?/);
    for (const name of ["app", "api", "my-app", "./lsit", "checkout"]) expect((await parse(name))?.operands).toEqual([name]);
  });
});

describe("suggestions for values and commands", () => {
  it("edit distance counts inserts, deletes, replacements and swaps of neighbours", () => {
    expect(editDistance("framework", "framework")).toBe(0);
    expect(editDistance("framwork", "framework")).toBe(1);
    expect(editDistance("lsit", "list")).toBe(1);
    expect(editDistance("kitten", "sitting")).toBe(3);
  });

  it("suggests by edit distance, else by a part or a prefix of the value", () => {
    expect(similarValues("nxt", ["next", "express", "hono"])).toEqual(["next"]);
    expect(similarValues("vercl", ["vercel", "netlify"])).toEqual(["vercel"]);
    expect(similarValues("sleep", patternIds)).toEqual(["durable-sleep"]);
    expect(similarValues("fly", ["vercel", "fly-io"])).toEqual(["fly-io"]);
    expect(similarValues("nextjs14", ["next", "hono"])).toEqual(["next"]);
    expect(similarValues("django", ["next", "express", "hono", "remix", "sveltekit"])).toEqual([]);
    expect(similarValues("ai", patternIds)).toEqual([]);
  });

  it("says one hint line per unknown value, in commander's words", () => {
    expect(didYouMean(["next"])).toBe("\n(Did you mean next?)");
    expect(didYouMean(["a", "b"])).toBe("\n(Did you mean one of a, b?)");
    expect(unknownValues("target", ["vercl"], ["vercel", "netlify"])).toBe('Unknown target "vercl". Valid values: vercel, netlify.\n(Did you mean vercel?)');
    expect(unknownValues("pattern", ["sleep", "hook", "zzz"], patternIds)).toBe(
      `Unknown patterns "sleep", "hook", "zzz". Valid values: ${patternIds.join(", ")}.\n(Did you mean durable-sleep for "sleep"?)\n(Did you mean webhook for "hook"?)`,
    );
  });

  it("takes a word one edit from a command for that command, not a project name", () => {
    const commands = ["list", "add", "check"];
    expect(mistypedCommand("lsit", commands)).toBe("list");
    expect(mistypedCommand("ad", commands)).toBe("add");
    expect(mistypedCommand("CHECK", commands)).toBe("check");
    for (const name of ["app", "api", "lists-app", "./list", "list", "adder"]) expect(mistypedCommand(name, commands)).toBeUndefined();
  });
});

describe("help", () => {
  /** A command's help as commander prints it in a terminal `width` columns wide. */
  function helpAt(width: number, ...names: string[]): string {
    const program = createProgram();
    let command = program;
    for (const name of names) command = command.commands.find((c) => c.name() === name)!;
    program.configureOutput({ getOutHelpWidth: () => width });
    for (const sub of program.commands) sub.configureOutput({ getOutHelpWidth: () => width });
    return command.helpInformation();
  }
  const commands = [[], ["list"], ["add"], ["check"]];

  it.each(commands)("fits 80 columns: %s", (...names) => {
    const help = helpAt(80, ...names);
    const tooWide = help.split("\n").filter((line) => line.length > 80);
    expect(tooWide).toEqual([]);
  });

  it("is laid out by commander, then our examples and exit codes", () => {
    const help = helpAt(80);
    expect(help).toMatch(/^Usage: create-inngest-app \[options\] \[command\] \[directory\]\n\nCreate a working Inngest app/);
    for (const term of ["directory", "-v, --version", "--framework <name>", "--app-id <id>", "--no-install", "-y, --yes", "-h, --help", "list [options]", "add [options] [patterns...]", "check [options] [directory]"]) {
      expect(help).toContain(`\n  ${term}  `);
    }
    expect(help).toContain("create-inngest-app list\n");
    expect(help).toContain("\nExamples:\n");
    expect(help.endsWith("130/143 stopped by Ctrl-C/SIGTERM.\n")).toBe(true);
    expect(helpAt(80, "check")).toMatch(/\n  directory +the project to check \(default: "."\)\n/);
    expect(helpAt(80, "add")).toContain("Examples:\n  $ npx create-inngest-app add webhook\n");
  });

  it("wraps to a narrower terminal, but never an example command (it would not paste as one)", () => {
    for (const names of commands) {
      const lines = helpAt(60, ...names).split("\n");
      const tooWide = lines.filter((line) => line.length > 60 && !/^ {2}(\$ |\/\/ |\{ )/.test(line));
      expect(tooWide, names.join(" ")).toEqual([]);
    }
    // Wider terminals keep the 80-column layout, the one bin/ prints prerendered.
    expect(helpAt(200)).toBe(helpAt(helpMaxWidth));
  });
});
