import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { expect } from "vitest";
import type { FrameworkId } from "../../src/catalogue/frameworks.ts";
import { defaultTargets, frameworkOn, type TargetId } from "../../src/catalogue/targets.ts";
import { satisfiesMinimum } from "../../src/install/node-version.ts";
import { staleMetadata } from "../../src/install/install-dependencies.ts";
import type { PackageManager } from "../../src/install/package-manager.ts";
import { cliPath, modernNodeBin } from "./paths.ts";

/** npm settings passed on to nested npm runs. */
const keptNpmSettings = new Set(["npm_config_cache", "npm_config_registry", "npm_config_userconfig"]);

/**
 * The environment as a user's shell would have it: without the outer `npm test`'s package,
 * lifecycle and prefix variables, and without vitest's NODE_ENV=test (which makes `next dev`
 * read .env.test instead of .env.development) and VITEST markers.
 */
export function userEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const testRunnerKey = (key: string) => key === "NODE_ENV" || key === "TEST" || key.startsWith("VITEST");
  const npmContextKey = (key: string) => key.startsWith("npm_") && !keptNpmSettings.has(key);
  return Object.fromEntries(Object.entries(env).filter(([key]) => !testRunnerKey(key) && !npmContextKey(key)));
}

/** A user's plain environment: no colours, no CI, a git identity. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...userEnv(process.env),
    NO_COLOR: "1",
    GIT_AUTHOR_NAME: "Test",
    GIT_AUTHOR_EMAIL: "test@example.com",
    GIT_COMMITTER_NAME: "Test",
    GIT_COMMITTER_EMAIL: "test@example.com",
  };
  delete env.CI;
  // After the filtering: a case may set npm's own settings.
  return { ...env, ...extra };
}

/** The environment a generated project runs in: Node 24 first on PATH when the framework (on its target) needs it. */
export function projectEnv(framework: FrameworkId, target: TargetId = defaultTargets[framework]): NodeJS.ProcessEnv {
  const env = userEnv({ ...process.env, NEXT_TELEMETRY_DISABLED: "1", NO_COLOR: "1", WRANGLER_SEND_METRICS: "false" });
  delete env.INNGEST_DEV;
  if (!satisfiesMinimum(process.versions.node, frameworkOn(framework, target).minNode)) {
    env.PATH = `${modernNodeBin}${path.delimiter}${env.PATH ?? ""}`;
  }
  return env;
}

/** A fresh folder inside the run's temporary root (see temp-root.ts), removed with it. */
export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(process.env.CIA_TEST_TMP ?? os.tmpdir(), `cia-${prefix}-`));
}

/** Runs the built CLI with the `node` found on the given PATH. */
export function runCli(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }) {
  return execa("node", [cliPath, ...args], {
    cwd: options.cwd,
    env: options.env ?? { ...process.env, NO_COLOR: "1" },
    extendEnv: false,
    reject: false,
    input: options.input ?? "",
    all: true,
  });
}

/**
 * Generates a project with the built CLI, as `--yes --no-git --pm npm` (so it installs its real
 * dependencies), into a fresh temporary folder; fails the test unless it was created and installed.
 */
export async function generateProject(options: {
  framework: FrameworkId;
  target?: TargetId;
  patterns: readonly string[];
  appId: string;
  env: NodeJS.ProcessEnv;
  /** `--pm`; npm unless given (its binary must be on the env's PATH). */
  pm?: PackageManager;
}): Promise<string> {
  const parent = await tempDir(`${options.framework}${options.target ? `-${options.target}` : ""}`);
  const dir = path.join(parent, options.appId);
  const target = options.target ? ["--target", options.target] : [];
  const upstream = process.env.CIA_UPSTREAM_VERSIONS;
  const result = await runCli(
    [options.appId, "--framework", options.framework, ...target, "--patterns", options.patterns.join(","), "--yes", "--no-git", "--pm", options.pm ?? "npm", "--json", ...(upstream ? ["--no-install"] : [])],
    { cwd: parent, env: options.env },
  );
  expect(result.exitCode, result.all).toBe(0);
  const summary = JSON.parse(result.stdout) as { install: string; directory: string };
  expect(summary.directory).toBe(dir);
  if (upstream) await installUpstream(dir, upstream, options);
  else expect(summary.install).toBe("installed");
  return dir;
}

/**
 * For `npm run check-upstream` only: the generated package.json moved to the newest releases
 * (scripts/check-upstream.mjs found them, ignoring the map's caps), what moved recorded for its
 * report, then installed as the CLI would. The pinned suite never comes here.
 */
async function installUpstream(dir: string, versionsFile: string, options: { framework: FrameworkId; target?: TargetId; patterns: readonly string[]; env: NodeJS.ProcessEnv }) {
  // Per package, the newest release of each major the map uses: a previous major's line keeps its major.
  const newest = JSON.parse(await readFile(versionsFile, "utf8")) as Record<string, Record<string, string>>;
  const newestFor = (name: string, range: string) => newest[name]?.[/\d+/.exec(range)?.[0] ?? ""];
  const pkgPath = path.join(dir, "package.json");
  const pkg = JSON.parse(await readFile(pkgPath, "utf8"));
  const generated: Record<string, string> = {};
  for (const field of ["dependencies", "devDependencies"] as const) {
    for (const name of Object.keys(pkg[field] ?? {})) {
      generated[name] = pkg[field][name];
      const upstream = newestFor(name, pkg[field][name]);
      if (upstream) pkg[field][name] = upstream;
    }
  }
  await writeFile(pkgPath, `${JSON.stringify(pkg, null, 2)}\n`);
  const records = path.join(path.dirname(versionsFile), "projects");
  await mkdir(records, { recursive: true });
  const record = { testFile: expect.getState().testPath, framework: options.framework, target: options.target ?? defaultTargets[options.framework], patterns: options.patterns, generated };
  await writeFile(path.join(records, `${path.basename(path.dirname(dir))}.json`), JSON.stringify(record, null, 2));
  const install = await npmInstall(dir, options.env ?? {});
  if (install.exitCode !== 0) {
    // The report's first error line: npm's own reason ("Could not resolve dependency: peer …"), not its preamble.
    const npmErrors = (install.all ?? "").split("\n").filter((l) => l.startsWith("npm error ")).map((l) => l.slice(10).trim());
    const unresolved = npmErrors.indexOf("Could not resolve dependency:");
    const reason = unresolved >= 0 ? `could not resolve ${npmErrors[unresolved + 1]} (${npmErrors.find((l) => l.startsWith("Found:")) ?? ""})` : (npmErrors.find((l) => l && !l.startsWith("code ")) ?? "failed");
    throw new Error(`npm install error with the newest releases: ${reason}\n${install.all}`);
  }
}

/** `npm install` as the CLI runs it: once more with --prefer-online when npm's cached metadata was stale (ETARGET). */
export async function npmInstall(dir: string, env: NodeJS.ProcessEnv, args: string[] = []) {
  const install = (extra: string[]) => execa("npm", ["install", ...args, ...extra], { cwd: dir, env, extendEnv: false, reject: false, all: true });
  const first = await install([]);
  return first.exitCode !== 0 && staleMetadata(first.all ?? "") ? install(["--prefer-online"]) : first;
}

/** An empty folder would run in the test's own cwd (this repository): a later test after a failed generation. */
function expectProject(dir: string): void {
  if (!dir) throw new Error("No project to run in: generating it failed in an earlier test of this describe.");
}

export async function npmRun(dir: string, script: string, env: NodeJS.ProcessEnv, pm: PackageManager = "npm") {
  expectProject(dir);
  const result = await execa(pm, ["run", script], { cwd: dir, env, extendEnv: false, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`${pm} run ${script} failed (exit ${result.exitCode}):\n${result.all}`);
  return result.all ?? "";
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export interface RunningServer {
  baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** `start` (or another script serving the build, such as `preview`) gets INNGEST_DEV=1 from the shell; `dev` must find it in .env.development. */
  script: string;
  /** Run this command instead of the npm script (e.g. a Dockerfile's CMD); nothing is added to its env but PORT. */
  command?: readonly string[];
  /** Extra arguments for the script, given the chosen port (Vite ignores PORT). */
  args?: (port: number) => string[];
  /** Variables set in the server's environment, over the defaults. */
  env?: Record<string, string>;
  /** Which package manager runs the script; npm unless given. */
  pm?: PackageManager;
}

function signalGroup(group: number, signal: NodeJS.Signals): void {
  try {
    process.kill(group, signal);
  } catch {
    // the group is already gone
  }
}

function groupAlive(group: number): boolean {
  try {
    process.kill(group, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts an npm script in its own process group so stopping it leaves nothing behind. */
export async function startServer(dir: string, env: NodeJS.ProcessEnv, options: StartOptions = { script: "start" }): Promise<RunningServer> {
  expectProject(dir);
  const port = await freePort();
  const extra = options.args?.(port) ?? [];
  const [command, ...args] = options.command ?? [options.pm ?? "npm", "run", options.script, ...(extra.length ? ["--", ...extra] : [])];
  const child: ChildProcess = spawn(command!, args, {
    cwd: dir,
    env: { ...env, PORT: String(port), ...(options.script !== "dev" && !options.command ? { INNGEST_DEV: "1" } : {}), ...options.env },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const server: RunningServer = {
    baseUrl: `http://127.0.0.1:${port}`,
    output: () => output,
    // npm exits before the servers it started (next-server, vite) do: wait for the whole group,
    // or cleaning up the project races a server still writing its cache.
    async stop() {
      if (!child.pid) return;
      const group = -child.pid;
      signalGroup(group, "SIGTERM");
      const deadline = Date.now() + 10_000;
      while (groupAlive(group)) {
        if (Date.now() > deadline) signalGroup(group, "SIGKILL");
        await new Promise((r) => setTimeout(r, 100));
      }
    },
  };
  const deadline = Date.now() + 90_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${command} ${args.join(" ")} exited with ${child.exitCode}:\n${output}`);
    const ok = await fetch(`${server.baseUrl}/api/inngest`).then((r) => r.status > 0, () => false);
    if (ok) return server;
    await new Promise((r) => setTimeout(r, 300));
  }
  await server.stop();
  throw new Error(`${command} ${args.join(" ")} did not answer on ${server.baseUrl} within 90 s:\n${output}`);
}
