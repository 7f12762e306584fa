import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { functionCount, type PatternId } from "../../src/catalogue/patterns.ts";
import { startFakeInngest, type FakeInngest } from "../support/fake-inngest.ts";
import { generateProject, npmRun, projectEnv, runCli, startServer, type RunningServer } from "../support/project.ts";

/**
 * Proof of `check --fix`'s serve handler: a Hono app whose functions lost their serve handler
 * (mount, imports and list removed) is fixed by check, then type-checks, passes its tests and
 * serves every function again.
 */
const patterns: PatternId[] = ["durable-sleep", "multi-step"];

describe("check --fix gives an installed Hono app its serve handler back", () => {
  const env = projectEnv("hono");
  let dir = "";
  let server: RunningServer | undefined;
  let inngest: FakeInngest;

  beforeAll(async () => {
    inngest = await startFakeInngest();
  });

  afterAll(async () => {
    await server?.stop();
    await inngest?.close();
    if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
  });

  it("generates and installs, then loses its serve handler: check reports it as critical", async () => {
    dir = await generateProject({ framework: "hono", patterns, appId: "e2e-unserved", env });
    const app = path.join(dir, "src/app.ts");
    const text = await readFile(app, "utf8");
    const unserved = text
      .replace(`import { serve } from "inngest/hono";\n`, "")
      .replace(`import { functions } from "./inngest/functions/index.ts";\n`, "")
      .replace(/^app\.on\(\["GET", "POST", "PUT"\], "\/api\/inngest".*\n\n/m, "");
    expect(unserved).not.toContain("serve(");
    await writeFile(app, unserved);
    await rm(path.join(dir, "src/inngest/functions/index.ts"));

    const checked = await runCli(["check", ".", "--json"], { cwd: dir, env });
    expect(checked.exitCode).toBe(1);
    const findings = (JSON.parse(checked.stdout) as { findings: { ruleId: string; fixes?: unknown[] }[] }).findings;
    expect(findings.map((f) => f.ruleId)).toEqual(["serve-handler-missing"]);
    expect(findings[0]!.fixes).toHaveLength(1);
  });

  it("check --fix mounts it again; the check after it is clean, and a second run changes nothing", async () => {
    const fixed = await runCli(["check", ".", "--fix"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
    expect(fixed.exitCode, fixed.all).toBe(0);
    expect(fixed.stdout).toContain("Mount the Hono serve handler at /api/inngest in src/app.ts, registering the project's 2 functions.");
    expect(fixed.stdout).toContain("No problems found");
    const again = await runCli(["check", ".", "--fix"], { cwd: dir, env: { ...env, NO_COLOR: "1" } });
    expect(again.stdout).toContain("Nothing to fix automatically.");
  });

  it("type-checks and passes its own tests", async () => {
    await npmRun(dir, "typecheck", env);
    expect(await npmRun(dir, "test", env)).toMatch(/Tests\s+\d+ passed/);
  });

  it("builds, starts and serves every function on /api/inngest", async () => {
    await npmRun(dir, "build", env);
    server = await startServer(dir, env, { script: "start", env: { INNGEST_DEV: inngest.url } });
    const response = await fetch(`${server.baseUrl}/api/inngest`);
    expect(response.status, server.output()).toBe(200);
    expect(((await response.json()) as { function_count: number }).function_count).toBe(functionCount(patterns));
  });
});
