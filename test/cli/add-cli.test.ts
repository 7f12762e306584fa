import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempDir } from "../support/project.ts";

/** A small Express app, written by hand, committed to git. */
async function expressApp(extra: Record<string, string> = {}): Promise<string> {
  const root = await tempDir("add-cli");
  const files: Record<string, string> = {
    "package.json": JSON.stringify({ name: "api", type: "module", dependencies: { express: "^5.1.0" }, devDependencies: { typescript: "^5.9.0" } }, null, 2) + "\n",
    "tsconfig.json": JSON.stringify({ compilerOptions: { module: "NodeNext", strict: true } }),
    "src/index.ts": 'import express from "express";\n\nconst app = express();\napp.listen(3000);\n',
    ...extra,
  };
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "ignore" });
  git("init", "-q");
  git("add", "-A");
  git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "init");
  return root;
}

/** Messages as text, whatever the width they were wrapped to. */
const prose = (output: string) => output.replace(/\s*\n\s*/g, " ");

/** Every file below root (but .git) with its content: to prove nothing changed. */
function snapshot(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && !full.includes(`${path.sep}.git${path.sep}`)) files[path.relative(root, full)] = readFileSync(full, "utf8");
  }
  return files;
}

describe("create-inngest-app add", () => {
  it("--dry-run --json prints the plan and writes nothing", async () => {
    const root = await expressApp();
    const before = snapshot(root);
    const result = await runCli(["add", "durable-sleep", "--cwd", root, "--dry-run", "--json"], { cwd: root });
    expect(result.exitCode, result.all).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary).toMatchObject({ framework: "express", outcome: "dry-run", added: ["durable-sleep"], setsUpInngest: true, functionsAdded: 1 });
    expect(summary.files).toContainEqual({ path: "src/index.ts", action: "update" });
    expect(summary.dependencies).toHaveProperty("inngest");
    // The human part (findings, plan, diff) goes to stderr with --json.
    expect(result.stderr).toContain("framework:        Express (express ^5.1.0 in package.json)");
    expect(result.stderr).toContain('+app.use("/api/inngest", express.json({ limit: "10mb" }), serve({ client: inngest, functions }));');
    expect(snapshot(root)).toEqual(before);
  });

  it("adds, then says the pattern is already there and changes nothing", async () => {
    const root = await expressApp();
    const first = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--json"], { cwd: root });
    expect(first.exitCode, first.all).toBe(0);
    expect(JSON.parse(first.stdout).outcome).toBe("applied");
    expect(readFileSync(path.join(root, "src/index.ts"), "utf8")).toContain('from "./inngest/client.js"');
    const after = snapshot(root);

    // The tree is dirty now: --yes lets add go on (it has nothing to do anyway).
    const second = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--yes"], { cwd: root });
    expect(second.exitCode, second.all).toBe(0);
    expect(prose(second.stdout)).toMatch(/durable-sleep is already in this project \(src\/inngest\/functions\/welcome-drip\.ts:\d+\); skipped\./);
    expect(snapshot(root)).toEqual(after);
  });

  it("fits its messages to 80 columns when piped (the diffs, being code, stay as they are)", async () => {
    const root = await expressApp({ "src/extra.ts": "export const x = 1;\n" });
    writeFileSync(path.join(root, "src/extra.ts"), "export const x = 2;\n"); // uncommitted: the long warning
    const { exitCode, stdout } = await runCli(["add", "ai-pipeline", "webhook", "--cwd", root, "--no-install", "--yes"], { cwd: root });
    expect(exitCode).toBe(0);
    const [found = "", rest = ""] = stdout.split("\nPlan\n");
    const afterPlan = rest.slice(rest.indexOf("\n▲"));
    expect(afterPlan).toMatch(/▲ The git working tree has 1 uncommitted change;/);
    expect(afterPlan).toContain("Next steps");
    for (const line of [...found.split("\n"), ...afterPlan.split("\n")]) expect(line.length, line).toBeLessThanOrEqual(80);
    // A wrapped entry's continuation hangs under its text.
    expect(afterPlan).toMatch(/\n  set OPENAI_API_KEY in [^\n]*\n    \S/);
  });

  it("setting Inngest up where functions exist with no serve handler, the new list serves them too", async () => {
    const root = await expressApp({
      "src/inngest/client.ts": `import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "api" });\n`,
      "src/jobs/report.ts": `import { inngest } from "../inngest/client.js";\n\nconst dailyReport = inngest.createFunction({ id: "daily-report", triggers: [{ cron: "0 6 * * *" }] }, async () => "done");\n`,
      "src/jobs/payouts.ts": `import { inngest } from "../inngest/client.js";\n\nexport const reconcileStripePayoutsWithLedger = inngest.createFunction({ id: "reconcile-payouts", triggers: [{ cron: "0 7 * * *" }] }, async () => 1);\nexport const archiveExpiredSessions = inngest.createFunction({ id: "archive-sessions", triggers: [{ cron: "0 8 * * *" }] }, async () => 2);\n`,
    });
    const { exitCode, all } = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--yes"], { cwd: root });
    expect(exitCode, all).toBe(0);
    const list = readFileSync(path.join(root, "src/inngest/functions/index.ts"), "utf8");
    expect(list).toContain(`import { dailyReport } from "../../jobs/report.js";`);
    // Too long for one line: one per line, the pattern's first.
    expect(list).toContain("export const functions = [\n  welcomeDrip,\n  reconcileStripePayoutsWithLedger,\n  archiveExpiredSessions,\n  dailyReport,\n];");
    expect(readFileSync(path.join(root, "src/jobs/report.ts"), "utf8")).toContain("\nexport const dailyReport = inngest.createFunction(");
    const checked = await runCli(["check", root, "--json"], { cwd: root });
    expect((JSON.parse(checked.stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId)).not.toContain("function-not-served");
  });

  it("refuses to change a dirty tree without a terminal unless --yes", async () => {
    const root = await expressApp();
    writeFileSync(path.join(root, "notes.txt"), "work in progress\n");
    const before = snapshot(root);
    const refused = await runCli(["add", "webhook", "--cwd", root, "--no-install"], { cwd: root });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain("uncommitted changes");
    expect(snapshot(root)).toEqual(before);

    const forced = await runCli(["add", "webhook", "--cwd", root, "--no-install", "--yes"], { cwd: root });
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(path.join(root, "notes.txt"), "utf8")).toBe("work in progress\n");
  });

  it("reports a conflicting file with a diff, changes nothing; --force replaces it", async () => {
    // A module where a pattern's function goes (a service of the user's is never a conflict: see add-into-existing-apps).
    const root = await expressApp({ "src/inngest/functions/welcome-drip.ts": "export const mine = true;\n" });
    const before = snapshot(root);
    const refused = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install"], { cwd: root });
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toContain("conflict src/inngest/functions/welcome-drip.ts");
    expect(refused.stdout).toContain("-export const mine = true;");
    expect(refused.stderr).toContain("Nothing was changed. Move or rename them, or pass --force to replace them.");
    expect(snapshot(root)).toEqual(before);

    const forced = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--force"], { cwd: root });
    expect(forced.exitCode, forced.all).toBe(0);
    expect(readFileSync(path.join(root, "src/inngest/functions/welcome-drip.ts"), "utf8")).toContain("export const welcomeDrip");
  });

  it("explains bad input with a non-zero exit", async () => {
    const root = await expressApp();
    const unknown = await runCli(["add", "durable-slep", "--cwd", root], { cwd: root });
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain('error: Unknown pattern "durable-slep". Valid values: durable-sleep, multi-step');
    expect(unknown.stderr).toContain("(Did you mean durable-sleep?)");

    const noPatterns = await runCli(["add", "--cwd", root], { cwd: root });
    expect(noPatterns.exitCode).toBe(2);
    expect(noPatterns.stderr).toContain("Name the patterns to add");

    const empty = await tempDir("add-empty");
    const notAProject = await runCli(["add", "webhook"], { cwd: empty });
    expect(notAProject.exitCode).toBe(1);
    expect(notAProject.stderr).toContain("No package.json in");
  });

  it("stops on a v3 project, says what that means, and changes nothing", async () => {
    const root = await expressApp({
      "package.json": JSON.stringify({ name: "api", type: "module", dependencies: { express: "^5.1.0", inngest: "^3.44.0" }, devDependencies: { typescript: "^5.9.0" } }),
      "src/inngest.ts": 'import { EventSchemas, Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "api", schemas: new EventSchemas() });\n',
    });
    const before = snapshot(root);
    const result = await runCli(["add", "webhook", "--cwd", root, "--no-install"], { cwd: root });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("This project uses the Inngest SDK v3 (package.json asks for inngest ^3.44.0)");
    expect(result.stderr).toContain("`npx create-inngest-app migrate --dry-run` shows each change");
    expect(snapshot(root)).toEqual(before);
  });

  it("at a monorepo root without a terminal, names the workspaces to choose from", async () => {
    const root = await tempDir("add-mono");
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "mono", private: true, workspaces: ["apps/*"] }));
    mkdirSync(path.join(root, "apps/api"), { recursive: true });
    writeFileSync(path.join(root, "apps/api/package.json"), JSON.stringify({ name: "api", dependencies: { hono: "^4.0.0" } }));
    const result = await runCli(["add", "webhook"], { cwd: root });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("these workspaces hold apps:\n  --cwd apps/api  (Hono)\nRun add in one of them, or pass --cwd apps/api. Nothing was changed.");
  });

  it("at a monorepo root with --framework, still asks for the package (exit 2, nothing written), naming those of that framework", async () => {
    const root = await tempDir("add-mono");
    writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "mono", private: true, workspaces: ["./server", "./client"], devDependencies: { typescript: "^5.9.0" } }));
    mkdirSync(path.join(root, "server"), { recursive: true });
    mkdirSync(path.join(root, "client"), { recursive: true });
    writeFileSync(path.join(root, "server/package.json"), JSON.stringify({ name: "server", dependencies: { hono: "^4.0.0" } }));
    writeFileSync(path.join(root, "server/index.ts"), 'import { Hono } from "hono";\nconst app = new Hono();\nexport default app;\n');
    writeFileSync(path.join(root, "client/package.json"), JSON.stringify({ name: "client", dependencies: { next: "^16.0.0" } }));
    const before = snapshot(root);
    const result = await runCli(["add", "durable-sleep", "--framework", "hono", "--cwd", root, "--yes"], { cwd: root });
    expect(result.exitCode, result.all).toBe(2);
    expect(result.stderr).toContain("add changes one package, and these workspaces hold apps:\n  --cwd server  (Hono)\nRun add in one of them, or pass --cwd server. Nothing was changed.");
    expect(snapshot(root)).toEqual(before);
  });

  it("--json refusals print a JSON error object on stdout", async () => {
    const root = await expressApp({ "src/index.ts": 'import express from "express";\nexport default express.Router();\n' });
    const refused = await runCli(["add", "durable-sleep", "--cwd", root, "--json"], { cwd: root });
    expect(refused.exitCode).toBe(1);
    const error = JSON.parse(refused.stdout);
    expect(error).toMatchObject({ outcome: "error", exitCode: 1 });
    expect(error.error).toContain("Could not find where the Express app is created");
    const usage = await runCli(["add", "no-such-pattern", "--json"], { cwd: root });
    expect(usage.exitCode).toBe(2);
    expect(JSON.parse(usage.stdout)).toEqual({ outcome: "error", error: expect.stringContaining('Unknown pattern "no-such-pattern"'), exitCode: 2 });
  });

  it("runs the project's own formatter on the files it created, not on the user's files it edited", async () => {
    // A stand-in Prettier: it records what it was asked to format and marks each file.
    const fakePrettier = [
      "#!/usr/bin/env node",
      'const fs = require("node:fs");',
      'const files = process.argv.slice(2).filter((a) => a !== "--write");',
      'fs.writeFileSync("prettier-args.json", JSON.stringify(process.argv.slice(2)));',
      'for (const f of files) fs.appendFileSync(f, "// formatted\\n");',
      "",
    ].join("\n");
    const root = await expressApp({ ".prettierrc": "{}\n", ".gitignore": "node_modules\nprettier-args.json\n", "node_modules/.bin/prettier": fakePrettier });
    execFileSync("chmod", ["+x", path.join(root, "node_modules/.bin/prettier")]);
    const result = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install"], { cwd: root });
    expect(result.exitCode, result.all).toBe(0);
    expect(prose(result.stdout)).toContain("Formatted the new files with the project's prettier (node_modules/.bin/prettier).");
    const args = JSON.parse(readFileSync(path.join(root, "prettier-args.json"), "utf8")) as string[];
    expect(args[0]).toBe("--write");
    expect(args).toContain("src/inngest/functions/welcome-drip.ts");
    expect(args).not.toContain("src/index.ts");
    expect(readFileSync(path.join(root, "src/inngest/client.ts"), "utf8")).toMatch(/\/\/ formatted\n$/);
    expect(readFileSync(path.join(root, "src/index.ts"), "utf8")).not.toContain("// formatted");
  });

  it("without Prettier or Biome, an ESLint config's fixes are applied to the files it created", async () => {
    const fakeEslint = ["#!/usr/bin/env node", 'require("node:fs").writeFileSync("eslint-args.json", JSON.stringify(process.argv.slice(2)));', ""].join("\n");
    const root = await expressApp({ "eslint.config.mjs": "export default [];\n", ".gitignore": "node_modules\neslint-args.json\n", "node_modules/.bin/eslint": fakeEslint });
    execFileSync("chmod", ["+x", path.join(root, "node_modules/.bin/eslint")]);
    const result = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install"], { cwd: root });
    expect(result.exitCode, result.all).toBe(0);
    expect(prose(result.stdout)).toContain("Formatted the new files with the project's eslint (node_modules/.bin/eslint).");
    const args = JSON.parse(readFileSync(path.join(root, "eslint-args.json"), "utf8")) as string[];
    expect(args[0]).toBe("--fix");
    expect(args).toContain("src/inngest/client.ts");
    expect(args).not.toContain("src/index.ts");
  });
});

describe("create-inngest-app add --target", () => {
  it("adds a deploy target to a project made with Decide later; a second run changes nothing; another target is refused", async () => {
    const dir = await tempDir("add-target");
    const made = await runCli(["app", "--framework", "express", "--target", "none", "--patterns", "durable-sleep", "--no-install", "--no-git"], { cwd: dir });
    expect(made.exitCode, made.stderr).toBe(0);
    const root = path.join(dir, "app");

    const dry = await runCli(["add", "--target", "vercel", "--dry-run", "--json"], { cwd: root });
    expect(dry.exitCode, dry.stderr).toBe(0);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ target: "vercel", from: "none", outcome: "dry-run" });
    expect(plan.files).toEqual(expect.arrayContaining([{ path: "vercel.json", action: "create" }, { path: "src/app.ts", action: "update" }]));

    const added = await runCli(["add", "--target", "vercel", "--no-install", "--yes"], { cwd: root });
    expect(added.exitCode, added.stderr).toBe(0);
    expect(added.stdout).toContain("Added the Vercel deploy config");
    expect(JSON.parse(readFileSync(path.join(root, "vercel.json"), "utf8"))).toBeTruthy();
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toContain("## Deploy to Vercel");

    const before = snapshot(root);
    const again = await runCli(["add", "--target", "vercel", "--no-install", "--yes"], { cwd: root });
    expect(again.exitCode).toBe(0);
    expect(again.stdout).toContain("Nothing to change: this project already deploys to Vercel.");
    expect(snapshot(root)).toEqual(before);

    const other = await runCli(["add", "--target", "railway", "--no-install", "--yes"], { cwd: root });
    expect(other.exitCode).toBe(1);
    expect(other.stderr).toContain("already deploys to Vercel");
    expect(snapshot(root)).toEqual(before);
  });

  it("says before writing when the target moves the project to a previous major, and asks for --yes without a terminal", async () => {
    const dir = await tempDir("add-target");
    const made = await runCli(["kit", "--framework", "sveltekit", "--target", "none", "--patterns", "durable-sleep", "--no-install", "--no-git"], { cwd: dir });
    expect(made.exitCode, made.stderr).toBe(0);
    const root = path.join(dir, "kit");
    const before = snapshot(root);
    const unconfirmed = await runCli(["add", "--target", "vercel", "--no-install"], { cwd: root });
    expect(unconfirmed.exitCode).toBe(1);
    expect(prose(unconfirmed.stdout)).toContain("this project moves from SvelteKit 3 to SvelteKit 2");
    expect(unconfirmed.stderr).toContain("Moving to SvelteKit 2 needs a confirmation: pass --yes");
    expect(snapshot(root)).toEqual(before);

    const confirmed = await runCli(["add", "--target", "vercel", "--no-install", "--yes", "--json"], { cwd: root });
    expect(confirmed.exitCode, confirmed.stderr).toBe(0);
    expect(JSON.parse(confirmed.stdout)).toMatchObject({ outcome: "applied", movesTo: { major: "SvelteKit 2", from: "SvelteKit 3" } });
    expect(JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")).devDependencies).toHaveProperty("@sveltejs/adapter-vercel");
  });

  it("refuses an unknown target, none, or patterns with a target: exit 2", async () => {
    const root = await expressApp();
    for (const args of [["--target", "heroku"], ["--target", "none"], ["webhook", "--target", "vercel"]]) {
      const { exitCode, stderr } = await runCli(["add", ...args, "--yes"], { cwd: root });
      expect(exitCode, args.join(" ")).toBe(2);
      expect(stderr).toMatch(/Valid values: vercel, netlify, railway, fly-io, cloudflare-workers, self-hosted|patterns or --target, not both/);
    }
  });
});
