import { cp, readFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";
import { npmInstall, npmRun, projectEnv, runCli, startServer, tempDir, type RunningServer } from "../support/project.ts";

/**
 * The v3 → v4 proof: each fixture is a small v3 project written the way the v3 docs write them.
 * Installed on inngest 3 it type-checks, passes its tests and serves N functions; after
 * `migrate` and an install it is on inngest 4, still type-checks, passes the same tests, serves
 * the same N, and `check` finds nothing left of v3.
 */
const fixtures = [
  { name: "express-ts", framework: "express", script: "start" },
  { name: "hono-js", framework: "hono", script: "start" },
  { name: "next-ts", framework: "next", script: "dev" },
] as const;

async function install(dir: string, env: NodeJS.ProcessEnv) {
  const result = await npmInstall(dir, env, ["--no-audit", "--no-fund"]);
  if (result.exitCode !== 0) throw new Error(`npm install failed:\n${result.all}`);
}

async function functionCount(dir: string, env: NodeJS.ProcessEnv, script: string): Promise<number> {
  let server: RunningServer | undefined;
  try {
    server = await startServer(dir, env, { script, env: { INNGEST_DEV: "1" }, args: script === "dev" ? (port) => ["--port", String(port)] : undefined });
    const response = await fetch(`${server.baseUrl}/api/inngest`);
    const body = (await response.json()) as { function_count: number };
    return body.function_count;
  } finally {
    await server?.stop();
  }
}

/** Read from disk each time (an import() of the JSON would be cached across the two installs). */
async function installedMajor(dir: string): Promise<number> {
  const manifest = JSON.parse(await readFile(path.join(dir, "node_modules", "inngest", "package.json"), "utf8")) as { version: string };
  return Number(manifest.version.split(".")[0]);
}

describe.each(fixtures)("migrate $name from inngest 3 to 4", ({ name, framework, script }) => {
  const env = projectEnv(framework);
  let dir = "";
  let before = 0;
  const servers: RunningServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });

  it("is a working v3 project", async () => {
    dir = path.join(await tempDir(`migrate-${name}`), name);
    await cp(path.join(repoRoot, "test", "fixtures", "migrate", name), dir, { recursive: true });
    await install(dir, env);
    expect(await installedMajor(dir)).toBe(3);
    await npmRun(dir, "typecheck", env);
    await npmRun(dir, "test", env);
    before = await functionCount(dir, env, script);
    expect(before).toBeGreaterThan(0);
  });

  it("migrates with nothing left for a person, then works on v4 alike", async () => {
    const migrated = await runCli(["migrate", ".", "--json"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
    expect(migrated.exitCode, migrated.all).toBe(0);
    const summary = JSON.parse(migrated.stdout) as { outcome: string; left: unknown[]; changes: string[] };
    expect(summary.outcome).toBe("applied");
    expect(summary.left).toEqual([]);

    await install(dir, env);
    expect(await installedMajor(dir)).toBe(4);
    await npmRun(dir, "typecheck", env);
    await npmRun(dir, "test", env);
    expect(await functionCount(dir, env, script)).toBe(before);

    const checked = await runCli(["check", ".", "--json"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
    const findings = (JSON.parse(checked.stdout) as { findings: { ruleId: string }[] }).findings;
    expect(findings.filter((f) => f.ruleId.startsWith("v3-") || f.ruleId === "promise-race-steps" || f.ruleId === "invoke-string-id")).toEqual([]);

    // A second run has nothing to do: the package is on inngest 4 now, and nothing v3 is left in it.
    const again = await runCli(["migrate", ".", "--json"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: "nothing-to-do", stillLeft: [] });
  });
});
