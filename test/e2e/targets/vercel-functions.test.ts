import { rm, writeFile, readFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../../src/catalogue/patterns.ts";
import { generateProject, npmRun, projectEnv, runCli } from "../../support/project.ts";
import { executorSamples } from "../pattern-samples.ts";

/**
 * Express and Hono on Vercel: Vercel's zero-config support deploys the default export of
 * src/app.ts as one Node function. This test bundles that entry with esbuild, then calls it as
 * Vercel's Node runtime does: an Express app behind http.createServer, a Hono app with a Request.
 */
function proveVercelFunction(framework: FrameworkId, patterns: PatternId[], via: "create" | "add --target" = "create"): void {
  describe(`${framework} on Vercel with ${patterns.join(", ")}, made by ${via}`, () => {
    const env = projectEnv(framework, "vercel");
    const appId = `e2e-${framework}-vercel`;
    let dir = "";

    afterAll(async () => {
      if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
    });

    it("generates, installs, type-checks, passes its tests and builds", async () => {
      if (via === "create") dir = await generateProject({ framework, target: "vercel", patterns, appId, env });
      else {
        // Made with "Decide later", then given the target: the same project, proven the same way.
        dir = await generateProject({ framework, target: "none", patterns, appId, env });
        const added = await runCli(["add", "--target", "vercel", "--yes"], { cwd: dir, env });
        expect(added.exitCode, added.all).toBe(0);
        expect(added.stdout).toContain("Added the Vercel deploy config");
      }
      await npmRun(dir, "typecheck", env);
      expect(await npmRun(dir, "test", env)).toMatch(/Tests\s+\d+ passed/);
      await npmRun(dir, "build", env);
      const vercelJson = JSON.parse(await readFile(path.join(dir, "vercel.json"), "utf8"));
      expect(vercelJson.functions["src/app.ts"]).toEqual({ maxDuration: 300 });
      expect(await readFile(path.join(dir, "src/inngest/client.ts"), "utf8")).toContain('maxRuntime: "280s"');
    });

    // Vercel picks src/app.ts (it imports the framework and default-exports the app) and bundles it for Node.
    it("serves /api/inngest from the default export of src/app.ts", async () => {
      await execa("npx", ["esbuild", "src/app.ts", "--bundle", "--platform=node", "--format=esm", "--packages=external", "--outfile=.vercel-test/app.mjs"], { cwd: dir, env, extendEnv: false });
      const { functionId, event, firstStep } = executorSamples[patterns[0]!];
      const payload = { ...event, id: "evt_vercel", ts: Date.now() };
      const executorBody = JSON.stringify({
        event: payload,
        events: [payload],
        steps: {},
        ctx: { run_id: "01JTEST", attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } },
      });
      await writeFile(
        path.join(dir, ".vercel-test/call.mjs"),
        `import http from "node:http";
const { default: app } = await import("./app.mjs");
const executorBody = ${JSON.stringify(executorBody)};
let call;
let close = async () => {};
if (${framework === "express"}) {
  const server = http.createServer(app);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = "http://127.0.0.1:" + server.address().port;
  call = (p, init) => fetch(base + p, init);
  close = () => new Promise((resolve) => server.close(resolve));
} else {
  call = (p, init) => app.fetch(new Request("https://app.vercel.app" + p, { ...init, headers: { host: "app.vercel.app", ...(init?.headers ?? {}) } }));
}
const introspection = await call("/api/inngest");
const run = await call("/api/inngest?fnId=${appId}-${functionId}&stepId=step", { method: "POST", headers: { "content-type": "application/json" }, body: executorBody });
console.log(JSON.stringify({ status: introspection.status, body: await introspection.json(), runStatus: run.status, runBody: await run.text() }));
await close();
`,
      );
      const { stdout } = await execa("node", [".vercel-test/call.mjs"], { cwd: dir, env: { ...env, INNGEST_DEV: "1" }, extendEnv: false });
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(result).toMatchObject({ status: 200, body: { mode: "dev", function_count: functionCount(patterns) }, runStatus: 206 });
      // 206: the function ran up to its first step and handed it back to the executor.
      expect(result.runBody).toContain(firstStep);
    });
  });
}

proveVercelFunction("express", ["durable-sleep"]);
proveVercelFunction("hono", ["durable-sleep"]);
proveVercelFunction("hono", ["durable-sleep"], "add --target");
