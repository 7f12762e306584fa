import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { frameworkIds, frameworks } from "../../../src/catalogue/frameworks.ts";
import { targetIds, targets } from "../../../src/catalogue/targets.ts";
import { cli, expectNoCrash, workDir } from "./hostile.ts";

describe("hostile flags: exit 2, the reason, nothing written", () => {
  it.each([
    ["create: an unknown flag, with a suggestion", ["app", "--framwork", "next"], /unknown option '--framwork'[\s\S]*--framework/],
    ["create: a stray argument", ["app", "extra", "--framework", "next", "-y"], /too many arguments/],
    ["create: a flag missing its value", ["app", "--framework"], /argument missing/],
    ["create: an unknown framework", ["app", "--framework", "django", "-y"], /Unknown framework "django"\. Valid values: next, express, hono, remix, sveltekit/],
    ["create: an unknown target", ["app", "--framework", "next", "--target", "heroku", "-y"], /Unknown target "heroku"\. Valid values: vercel, netlify/],
    ["create: an unknown pattern", ["app", "--patterns", "durable-sleep,teleport", "-y"], /Unknown pattern "teleport"\. Valid values: durable-sleep/],
    ["create: an empty pattern list", ["app", "--patterns", ",", "-y"], /--patterns needs at least one pattern/],
    ["create: an unknown package manager", ["app", "--pm", "npx", "-y"], /Unknown package manager "npx"\. Valid values: npm, pnpm, yarn, bun/],
    ["create: every problem at once", ["app", "--framework", "django", "--target", "heroku", "--pm", "pip", "-y"], /django[\s\S]*heroku[\s\S]*pip/],
    ["create: --install with --no-install", ["app", "-y", "--install", "--no-install"], /--install and --no-install contradict each other/],
    ["create: --git with --no-git", ["app", "-y", "--no-git", "--git"], /--git and --no-git contradict each other/],
    ["create: --dry-run with --install", ["app", "-y", "--dry-run", "--install"], /--dry-run and --install contradict each other: a dry run writes nothing/],
    ["create: --dry-run with --git", ["app", "-y", "--dry-run", "--git"], /--dry-run and --git contradict each other/],
    ["create: no terminal and choices missing", ["app", "--framework", "hono"], /Missing --target, --patterns \(no terminal to ask in\)/],
    ["add: an unknown flag", ["add", "webhook", "--frce"], /unknown option '--frce'/],
    ["add: an unknown pattern", ["add", "teleport"], /Unknown pattern "teleport"\. Valid values: durable-sleep/],
    ["add: an unknown framework", ["add", "webhook", "--framework", "django"], /Unknown framework "django"\. Valid values: next, express/],
    ["add: a --cwd that does not exist", ["add", "webhook", "--cwd", "no/such/dir"], /no\/such\/dir is not a directory/],
    ["add: --dry-run with --install", ["add", "webhook", "--dry-run", "--install"], /--dry-run and --install contradict each other/],
    ["check: an unknown format", ["check", ".", "--format", "xml"], /Unknown format "xml"/],
    ["check: --json with --format sarif", ["check", ".", "--json", "--format", "sarif"], /contradict each other/],
    ["list: a stray argument", ["list", "frameworks"], /too many arguments/],
    ["a word one edit from a command is a mistyped command, not a directory", ["Add", "--framework", "next", "-y"], /unknown command 'Add'\n\(Did you mean add\?/],
    ["a word far from any command is a directory, so a bad name", ["Addition", "--framework", "next", "-y"], /"Addition" is not a valid npm package name/],
  ])("%s", async (_label, args, message) => {
    const dir = await workDir("flags");
    const run = await cli(args, dir);
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(readdirSync(dir)).toEqual([]);
  });

  const refusedPairs = targetIds.flatMap((target) => frameworkIds.filter((f) => !targets[target].supports.includes(f)).map((f) => [f, target] as const));
  it.each(refusedPairs)("create: %s on %s is refused with the reason and the targets that fit", async (framework, target) => {
    const dir = await workDir("flags");
    const run = await cli(["app", "--framework", framework, "--target", target, "-y", "--no-install"], dir);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain(`${frameworks[framework].label} cannot be deployed to ${targets[target].label}: ${targets[target].refusals[framework]}`);
    expect(run.stderr).toContain(`Targets that fit ${frameworks[framework].label}:`);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("flags that look like a conflict but each narrow the other: accepted, with what they mean", () => {
  it("--yes with --dry-run prints the plan the defaults give, and writes nothing", async () => {
    const dir = await workDir("flags");
    const run = await cli(["app", "--yes", "--dry-run"], dir);
    expect(run.exitCode, run.all).toBe(0);
    expect(run.stdout).toContain("Using defaults:");
    expect(run.stdout).toContain("Plan for app (dry run: nothing written)");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--no-install with --pm: the project is set up for that package manager, which is not run", async () => {
    const dir = await workDir("flags");
    const run = await cli(["app", "--framework", "hono", "--yes", "--no-install", "--no-git", "--pm", "pnpm", "--json"], dir);
    expect(run.exitCode, run.all).toBe(0);
    const summary = JSON.parse(run.stdout) as { install: string; nextSteps: string[]; options: { packageManager: string } };
    expect(summary.options.packageManager).toBe("pnpm");
    expect(summary.install).toBe("skipped");
    expect(summary.nextSteps).toContain("pnpm install");
    expect(readdirSync(`${dir}/app`)).not.toContain("node_modules");
  });
});
