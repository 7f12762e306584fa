import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import packageJson from "../../package.json" with { type: "json" };
import { frameworks } from "../../src/catalogue/frameworks.ts";
import { targets } from "../../src/catalogue/targets.ts";
import { satisfiesMinimum } from "../../src/install/node-version.ts";
import { cliEnv, runCli, tempDir } from "../support/project.ts";

const create = async (args: string[], cwd?: string, env?: NodeJS.ProcessEnv) => {
  const dir = cwd ?? (await tempDir("cli"));
  const result = await runCli(args, { cwd: dir, env: cliEnv(env) });
  return { ...result, dir };
};

/** Output as one line: messages wrap to the terminal's width (80 without one). */
const flat = (text: string) => text.replace(/\s+/g, " ");

describe("create-inngest-app without a terminal", () => {
  it("refuses to guess: exit 2, naming the missing flags", async () => {
    const { exitCode, stderr, dir } = await create([]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("Missing [directory], --framework, --target, --patterns");
    expect(stderr).toContain("--yes");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("never prompts when CI is set, even for a partial command", async () => {
    const { exitCode, stderr } = await create(["app", "--framework", "hono"], undefined, { CI: "true" });
    expect(exitCode).toBe(2);
    expect(stderr).toContain("Missing --target, --patterns");
    expect(stderr).toContain("target: railway, patterns: durable-sleep");
  });

  it("accepts defaults with --yes and says which it used", async () => {
    const { exitCode, stdout, dir } = await create(["--yes", "--no-install", "--no-git"]);
    expect(exitCode).toBe(0);
    // Messages wrap at 80 columns without a terminal: read them as one line.
    expect(flat(stdout)).toContain("Using defaults: directory: my-inngest-app, framework: next, target: vercel, patterns: durable-sleep");
    expect(existsSync(path.join(dir, "my-inngest-app", "src/app/api/inngest/route.ts"))).toBe(true);
    expect(stdout).toContain("npx --yes inngest-cli@latest dev -u http://localhost:3000/api/inngest");
    // Only what is not a default, and --yes for the rest.
    expect(stdout).toContain("npx create-inngest-app@latest my-inngest-app --no-install --no-git --yes");
    expect(stdout.split("\n").filter((line) => line.length > 80)).toEqual([]);
  });

  it("lists the valid values for an unknown framework", async () => {
    const { exitCode, stderr, dir } = await create(["app", "--framework", "django", "-y"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/Unknown framework "django"\. Valid values: next, express, hono, remix, sveltekit/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses an unknown flag", async () => {
    const { exitCode, stderr } = await create(["app", "--framwork", "next"]);
    expect(exitCode).toBe(2);
    expect(stderr).toMatch(/unknown option '--framwork'/);
    expect(stderr).toMatch(/--framework/);
  });

  it("refuses an invalid project name with the reason and a fix", async () => {
    const { exitCode, stderr, dir } = await create(["My App", "--framework", "next", "-y"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain('"My App" is not a valid npm package name');
    expect(stderr).toContain('Try "my-app"');
    expect(readdirSync(dir)).toEqual([]);
  });

  it("refuses a framework and target that do not fit", async () => {
    const { exitCode, stderr } = await create(["app", "--framework", "express", "--target", "cloudflare-workers", "-y"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("Express cannot be deployed to Cloudflare Workers");
    expect(stderr).toContain("Targets that fit Express: vercel, netlify, railway, fly-io, self-hosted");
  });

  it("refuses a non-empty directory, listing what is there, and changes nothing", async () => {
    const dir = await tempDir("cli");
    await mkdir(path.join(dir, "app"));
    await writeFile(path.join(dir, "app", "notes.txt"), "mine");
    const { exitCode, stderr } = await create(["app", "--framework", "express", "-y", "--no-install"], dir);
    expect(exitCode).toBe(1);
    expect(stderr).toContain("Directory app is not empty:");
    expect(stderr).toContain("notes.txt");
    expect(stderr).toContain("--overwrite");
    expect(readdirSync(path.join(dir, "app"))).toEqual(["notes.txt"]);
  });

  it("--target none (decide later) writes no deploy config and says how to add one; the outro links the docs", async () => {
    const { exitCode, stdout, dir } = await create(["app", "--framework", "sveltekit", "--target", "none", "--patterns", "durable-sleep", "--no-install", "--no-git"]);
    expect(exitCode).toBe(0);
    const files = readdirSync(path.join(dir, "app"), { recursive: true }).map(String);
    expect(files.filter((f) => /Dockerfile|docker-compose|railway\.json|fly\.toml|wrangler|vercel|netlify/.test(f))).toEqual([]);
    // SvelteKit 3 on its Node adapter, as it runs locally.
    expect(JSON.parse(readFileSync(path.join(dir, "app", "package.json"), "utf8")).devDependencies).toHaveProperty("@sveltejs/adapter-node");
    expect(stdout).toContain("# when you know where it deploys (list shows the targets)\n  npx create-inngest-app@latest add --target vercel");
    expect(stdout).toContain("Docs: https://www.inngest.com/docs");
  });

  it("--immediate installs, then runs the dev script in the foreground and exits with it", async () => {
    const dir = await tempDir("cli");
    // A stand-in npm: installs instantly; its `run dev` says where it runs and ends.
    await mkdir(path.join(dir, "bin"));
    await writeFile(path.join(dir, "bin", "npm"), '#!/bin/sh\nif [ "$1" = run ]; then echo "dev ran in $(basename "$PWD")"; exit 0; fi\nmkdir -p node_modules\n', { mode: 0o755 });
    const { exitCode, stdout } = await create(["app", "--framework", "hono", "--target", "railway", "--patterns", "durable-sleep", "--no-git", "--pm", "npm", "--immediate"], dir, {
      PATH: `${path.join(dir, "bin")}:${process.env.PATH}`,
    });
    expect(exitCode).toBe(0);
    expect(stdout).toContain("Starting npm run dev in app (Ctrl-C stops it)");
    expect(stdout).toContain("dev ran in app");
    expect(stdout.indexOf("Docs: https://www.inngest.com/docs")).toBeLessThan(stdout.indexOf("dev ran in app"));
  });

  it("refuses --immediate with --no-install or --dry-run: exit 2, nothing written", async () => {
    for (const other of ["--no-install", "--dry-run"]) {
      const { exitCode, stderr, dir } = await create(["app", "--framework", "hono", "-y", "--immediate", other]);
      expect(exitCode).toBe(2);
      expect(stderr).toContain(`--immediate and ${other} contradict each other`);
      expect(readdirSync(dir)).toEqual([]);
    }
  });

  it("writes into a non-empty directory with --overwrite, leaving unrelated files alone", async () => {
    const dir = await tempDir("cli");
    await mkdir(path.join(dir, "app"));
    await writeFile(path.join(dir, "app", "notes.txt"), "mine");
    await writeFile(path.join(dir, "app", "README.md"), "old");
    const { exitCode } = await create(["app", "--framework", "express", "-y", "--no-install", "--no-git", "--overwrite"], dir);
    expect(exitCode).toBe(0);
    expect(readFileSync(path.join(dir, "app", "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(path.join(dir, "app", "README.md"), "utf8")).toContain("# app");
  });

  it("refuses a target that is an existing file", async () => {
    const dir = await tempDir("cli");
    await writeFile(path.join(dir, "app"), "a file");
    const { exitCode, stderr } = await create(["app", "--framework", "hono", "-y", "--no-install"], dir);
    expect(exitCode).toBe(1);
    expect(stderr).toContain("exists and is not a directory");
  });

  it("creates in the current directory with `.`", async () => {
    const dir = path.join(await tempDir("cli"), "billing-worker");
    await mkdir(dir);
    await writeFile(path.join(dir, ".DS_Store"), "");
    const { exitCode, stdout } = await create([".", "--framework", "hono", "-y", "--no-install", "--no-git"], dir);
    expect(exitCode).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).name).toBe("billing-worker");
    expect(stdout).not.toMatch(/^\s*cd /m);
  });

  it("writes nothing with --dry-run, and prints the plan", async () => {
    const { exitCode, stdout, dir } = await create(["app", "--framework", "sveltekit", "-y", "--dry-run"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("dry run: nothing written");
    expect(stdout).toMatch(/create\s+src\/routes\/api\/inngest\/\+server\.ts/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("prints a JSON summary that parses, and nothing else on stdout", async () => {
    const { exitCode, stdout, dir } = await create(["app", "--framework", "remix", "-y", "--no-install", "--no-git", "--json"]);
    expect(exitCode).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary).toMatchObject({
      directory: path.join(dir, "app"),
      dryRun: false,
      install: "skipped",
      functionCount: 1,
      options: { framework: "remix", target: "railway", patterns: ["durable-sleep"], appId: "app" },
    });
    expect(summary.files).toContainEqual({ path: "app/routes/api.inngest.ts", action: "create" });
    expect(summary.nextSteps).toEqual(["cd app", "npm install", "npm run dev", "npx --yes inngest-cli@latest dev -u http://localhost:5173/api/inngest", "curl -X POST http://localhost:5173/api/demo-event"]);
  });

  it("says, before writing, when a target generates a framework's previous major, and why", async () => {
    const { exitCode, stdout, dir } = await create(["app", "--framework", "sveltekit", "--target", "netlify", "-y", "--no-install", "--no-git"]);
    expect(exitCode).toBe(0);
    const notice = flat(stdout).indexOf("SvelteKit 2, not SvelteKit 3: on Netlify, `@sveltejs/adapter-netlify` 6 supports SvelteKit 2 only;");
    expect(notice, stdout).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(flat(stdout).indexOf("Writing"));
    const pkg = JSON.parse(readFileSync(path.join(dir, "app", "package.json"), "utf8"));
    // SvelteKit 2, no higher than the newest release proven with the Netlify adapter.
    expect(pkg.devDependencies["@sveltejs/kit"]).toMatch(/^(>=)?2\./);
    expect(readFileSync(path.join(dir, "app", "README.md"), "utf8")).toContain("**SvelteKit 2, not SvelteKit 3.**");

    // The same in the JSON summary; none for a pair on the newest major.
    const json = await create(["app", "--framework", "remix", "--target", "vercel", "-y", "--no-install", "--no-git", "--json"]);
    expect(JSON.parse(json.stdout).previousMajor).toEqual({
      major: "React Router 7",
      newest: "React Router 8",
      reason: "Vercel's React Router preset (`@vercel/react-router` 1.3) peers on React Router 7",
    });
    expect(json.stderr).toContain("React Router 7, not React Router 8: on Vercel,");
    const newest = await create(["app", "--framework", "remix", "--target", "netlify", "-y", "--no-install", "--no-git", "--json"]);
    expect(JSON.parse(newest.stdout).previousMajor).toBeNull();
    expect(newest.stderr).not.toContain(", not React Router 8");
  });

  it("says, before writing, that Next.js on Workers is held below the release OpenNext breaks on", async () => {
    const { exitCode, stdout, dir } = await create(["app", "--framework", "next", "--target", "cloudflare-workers", "-y", "--no-install", "--no-git"]);
    expect(exitCode).toBe(0);
    const notice = flat(stdout).indexOf("next goes no higher than 16.4.6 on Cloudflare Workers, the newest version proven with @opennextjs/cloudflare:");
    expect(notice, stdout).toBeGreaterThanOrEqual(0);
    expect(notice).toBeLessThan(flat(stdout).indexOf("Writing"));
    expect(JSON.parse(readFileSync(path.join(dir, "app", "package.json"), "utf8")).dependencies.next).toBe("16.4.6");

    const json = await create(["app", "--framework", "next", "--target", "cloudflare-workers", "-y", "--no-install", "--no-git", "--json"]);
    expect(JSON.parse(json.stdout).versionCaps).toEqual([expect.objectContaining({ package: "next", adapter: "@opennextjs/cloudflare", newest: "16.4.6" })]);
    const list = await create(["list", "--json"]);
    const workers = JSON.parse(list.stdout).targets.find((t: { id: string }) => t.id === "cloudflare-workers");
    expect(workers.versionCaps.next).toEqual([expect.objectContaining({ package: "next", newest: "16.4.6" })]);
    expect(flat((await create(["list"])).stdout)).toContain("cloudflare-workers (next <= 16.4.6)");
  });

  it("initialises git with one commit outside a repository, and skips inside one", async () => {
    const { exitCode, dir } = await create(["app", "--framework", "hono", "-y", "--no-install"]);
    expect(exitCode).toBe(0);
    const log = await execa("git", ["log", "--oneline"], { cwd: path.join(dir, "app") });
    expect(log.stdout.trim().split("\n")).toHaveLength(1);

    const nested = await create(["nested", "--framework", "hono", "-y", "--no-install"], path.join(dir, "app"));
    expect(nested.exitCode).toBe(0);
    expect(existsSync(path.join(dir, "app", "nested", ".git"))).toBe(false);
  });

  it("keeps the project and prints the retry command when the install fails", async () => {
    // Only node on PATH: the package manager binary is missing.
    const env = { PATH: path.dirname(process.execPath) };
    const { exitCode, stdout, dir } = await create(["app", "--framework", "express", "-y", "--no-git", "--pm", "pnpm"], undefined, env);
    expect(exitCode).toBe(1);
    expect(stdout).toContain("pnpm was not found on PATH");
    expect(stdout).toContain("cd app && pnpm install");
    expect(existsSync(path.join(dir, "app", "package.json"))).toBe(true);
  });

  it("says clearly when the framework needs a newer Node, instead of a broken install", async () => {
    const { exitCode, stdout, stderr: wrapped, dir } = await create(["app", "--framework", "remix", "-y", "--no-git", "--json"]);
    // Messages wrap at 80 columns: read them as one line each.
    const stderr = wrapped.replace(/\n {2}(?=\S)/g, " ");
    expect(exitCode).toBe(0);
    if (!satisfiesMinimum(process.versions.node, frameworks.remix.minNode)) {
      expect(JSON.parse(stdout).install).toBe("skipped-node-too-old");
      // Said before anything is written, with how to finish.
      const said = stderr.indexOf(`needs Node ${frameworks.remix.minNode} or newer; this is Node ${process.versions.node}. The install is skipped`);
      expect(said).toBeGreaterThan(-1);
      expect(said).toBeLessThan(stderr.indexOf("Writing"));
      expect(stderr).toContain("then run `npm install` in the project");
      expect(existsSync(path.join(dir, "app", "node_modules"))).toBe(false);
    } else {
      expect(JSON.parse(stdout).install).toBe("installed");
    }
  }, 180_000);

  it("prints its version and a help with examples", async () => {
    const version = await create(["--version"]);
    expect(version.stdout.trim()).toBe(packageJson.version);
    const help = await create(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain("--framework <name>");
    expect(help.stdout).toContain("Examples:");
    expect(help.stdout).toContain("durable-sleep");
  });

  it("answers --help and --version from bin/'s fast path exactly as the full program does", async () => {
    // A lone --help or -v never loads the bundle; with another flag, the full program answers.
    const fast = await create(["--help"]);
    const full = await create(["--help", "--yes"]);
    expect(fast.stdout).toBe(full.stdout);
    expect((await create(["-h"])).stdout).toBe(full.stdout);
    expect((await create(["-v"])).stdout).toBe((await create(["--version", "--yes"])).stdout);
  });
});

describe("deployment targets", () => {
  // Refused pairs: test/cli/hostile/flags.test.ts.
  it("generates a self-hosted engine's keys per project, into a git-ignored .env only", async () => {
    const dir = await tempDir("cli");
    const envOf = async (name: string) => {
      const { exitCode, all } = await create([name, "--framework", "hono", "--target", "self-hosted", "-y", "--no-install", "--no-git"], dir);
      expect(exitCode, all).toBe(0);
      return readFileSync(path.join(dir, name, ".env"), "utf8");
    };
    const [a, b] = [await envOf("one"), await envOf("two")];
    const key = (env: string, name: string) => new RegExp(`^${name}=(.*)$`, "m").exec(env)?.[1];
    expect(key(a, "INNGEST_SIGNING_KEY")).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
    expect(key(a, "INNGEST_SERVER_SIGNING_KEY")).toBe(key(a, "INNGEST_SIGNING_KEY")!.replace("signkey-prod-", ""));
    expect(key(a, "INNGEST_EVENT_KEY")).toMatch(/^[0-9a-f]{64}$/);
    expect(key(a, "INNGEST_EVENT_KEY")).not.toBe(key(b, "INNGEST_EVENT_KEY"));
    expect(key(a, "INNGEST_SIGNING_KEY")).not.toBe(key(b, "INNGEST_SIGNING_KEY"));
    // git would leave it out of the first commit.
    await execa("git", ["init", "-q"], { cwd: path.join(dir, "one") });
    const ignored = await execa("git", ["check-ignore", "-q", ".env"], { cwd: path.join(dir, "one"), reject: false });
    expect(ignored.exitCode).toBe(0);
  });
});
