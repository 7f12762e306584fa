import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/project.ts";
import { runInTerminal } from "../support/terminal.ts";

/** The built CLI in an empty folder, its output without colours. */
async function cli(args: string[]) {
  const dir = await tempDir("command-line");
  const run = await runCli(args, { cwd: dir });
  return { ...run, dir };
}

describe("a mistyped command or value: exit 2, a suggestion, nothing done", () => {
  it.each([
    ["a first word one edit from a command", ["lsit"], "error: unknown command 'lsit'\n(Did you mean list? For a project called lsit, write ./lsit)"],
    ["a command's typo with flags", ["chekc", "-y"], "error: unknown command 'chekc'\n(Did you mean check? For a project called chekc, write ./chekc)"],
    ["--framework nxt", ["app", "--framework", "nxt", "-y"], '\n(Did you mean next?)'],
    ["--target vercl", ["app", "--framework", "next", "--target", "vercl", "-y"], 'error: Unknown target "vercl". Valid values: vercel,'],
    ["--patterns sleep", ["app", "--framework", "next", "--patterns", "sleep", "-y"], 'error: Unknown pattern "sleep". Valid values: durable-sleep,'],
    ["--pm pnmp", ["app", "--pm", "pnmp", "-y"], "\n(Did you mean pnpm?)"],
    ["add sleep", ["add", "sleep"], 'error: Unknown pattern "sleep". Valid values: durable-sleep,'],
    ["add --framework hnoo", ["add", "webhook", "--framework", "hnoo"], "\n(Did you mean hono?)"],
    ["check --format srif", ["check", ".", "--format", "srif"], 'error: Unknown format "srif". Valid values: text, json, sarif.\n(Did you mean sarif?)'],
  ])("%s", async (_label, args, message) => {
    const run = await cli(args);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe("");
    expect(readdirSync(run.dir)).toEqual([]);
  });

  it.each([
    ["create's --json before check", ["--json", "check"], "error: --json typed before check: options before a command are create's, so check would run without them.\n(Did you mean: create-inngest-app check --json?)"],
    ["--framework before add, which has its own", ["--framework", "hono", "add", "webhook"], "(Did you mean: create-inngest-app add webhook --framework hono?)"],
    ["-y before list, which has none", ["-y", "list"], "error: -y typed before list: options before a command are create's, so list would run without them.\n(list takes no --yes: see create-inngest-app list --help)"],
  ])("options typed before a command (%s) are refused, not dropped", async (_label, args, message) => {
    const run = await cli(args);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain(message);
    expect(readdirSync(run.dir)).toEqual([]);
  });

  it("suggests the pattern meant, by edit distance or by a part of its name", async () => {
    const { stderr } = await cli(["app", "--framework", "next", "--target", "vercl", "--patterns", "sleep,webhok", "-y"]);
    expect(stderr).toContain("(Did you mean vercel?)");
    expect(stderr).toContain('(Did you mean durable-sleep for "sleep"?)\n(Did you mean webhook for "webhok"?)');
  });

  it("says every usage error in one format: `error: …`, then a hint line", async () => {
    const runs = await Promise.all([["app", "--framwork", "next"], ["list", "extra"], ["app", "--framework", "django", "-y"], ["app", "-y", "--git", "--no-git"], ["lsit"]].map(cli));
    for (const run of runs) {
      expect(run.exitCode).toBe(2);
      const lines = run.stderr.trimEnd().split("\n");
      expect(lines[0]).toMatch(/^error: \S/);
      for (const hint of lines.slice(1)) expect(hint).toMatch(/^\(Did you mean .*\)$|^--\S+ and --\S+ contradict/);
    }
    expect(runs[0]!.stderr).toBe("error: unknown option '--framwork'\n(Did you mean --framework?)");
  });

  it("gives a tool that asked for --json the refusal as JSON on stdout too", async () => {
    const run = await cli(["lsit", "--json"]);
    expect(run.exitCode).toBe(2);
    expect(JSON.parse(run.stdout)).toEqual({ outcome: "error", error: expect.stringContaining("unknown command 'lsit'"), exitCode: 2 });
  });

  it("still reads a word far from every command as the directory", async () => {
    const run = await cli(["lists-app", "--framework", "hono", "--target", "railway", "--dry-run", "-y"]);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toContain("lists-app");
  });
});

describe("help", () => {
  it.each([[["--help"]], [["-h", "--yes"]], [["help"]], [["list", "--help"]], [["help", "add"]], [["check", "-h"]]])("%s fits 80 columns", async (args) => {
    const { exitCode, stdout } = await cli(args);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^Usage: create-inngest-app/);
    expect(stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });

  it("answers `help <command>` as `<command> --help`", async () => {
    const [viaHelp, viaFlag] = await Promise.all([cli(["help", "check"]), cli(["check", "--help"])]);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(viaFlag.stdout).toContain("--fail-on-migration");
  });
});

describe("help in a terminal", () => {
  /** `--help` as a terminal `columns` wide shows it, one string per line. */
  async function helpIn(columns: number, ...args: string[]) {
    const term = runInTerminal(args, await tempDir("help-tty"), {}, { columns, rows: 50 });
    expect(await term.exited).toBe(0);
    return term.screen().replaceAll("\r\n", "\n");
  }

  it("wraps to a terminal narrower than 80 columns; example commands stay whole, to paste", async () => {
    for (const args of [["--help"], ["add", "--help"], ["check", "--help"]]) {
      const help = await helpIn(60, ...args);
      expect(help).toMatch(/^Usage: create-inngest-app/);
      expect(help.split("\n").filter((line) => line.length > 60 && !/^ {2}(\$ |\/\/ |\{ )/.test(line)), args.join(" ")).toEqual([]);
    }
  });

  it("keeps the 80-column layout in a wider terminal, as bin/ prints it without loading commander", async () => {
    const piped = await cli(["--help"]);
    expect((await helpIn(120, "--help")).trimEnd()).toBe(piped.stdout);
    expect((await helpIn(120, "--help", "-y")).trimEnd()).toBe(piped.stdout);
  });
});
