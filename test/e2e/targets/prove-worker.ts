import { existsSync } from "node:fs";
import { readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../../src/catalogue/patterns.ts";
import { startFakeInngest, type FakeInngest } from "../../support/fake-inngest.ts";
import { generateProject, npmRun, projectEnv, startServer, type RunningServer } from "../../support/project.ts";
import { demoEventNames, executorSamples } from "../pattern-samples.ts";

/**
 * Proves a project generated for Cloudflare Workers: it type-checks, passes its tests, its build
 * (`wrangler deploy --dry-run`) bundles the Worker, and `wrangler dev` (offline, on a local port)
 * serves /api/inngest with the bindings from .dev.vars reaching the Inngest client.
 */
export function proveWorker(framework: FrameworkId, patterns: PatternId[]): void {
  describe(`${framework} on Cloudflare Workers with ${patterns.join(", ")}`, () => {
    const env = projectEnv(framework, "cloudflare-workers");
    const appId = `e2e-${framework}-workers`;
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

    it("generates and installs", async () => {
      dir = await generateProject({ framework, target: "cloudflare-workers", patterns, appId, env });
    });

    it("type-checks and passes its own tests", async () => {
      await npmRun(dir, "typecheck", env);
      expect(await npmRun(dir, "test", env)).toMatch(/Tests\s+\d+ passed/);
    });

    it("builds, and `wrangler deploy --dry-run` bundles the Worker", async () => {
      // As a developer would: .dev.vars points the client at a dev server (here the fake one).
      // Written before the build, which copies it next to the Worker it writes (React Router).
      await writeFile(path.join(dir, ".dev.vars"), `INNGEST_DEV=${inngest.url}\n`);
      let output = await npmRun(dir, "build", env);
      // SvelteKit's Cloudflare adapter writes the Worker where wrangler.jsonc's main points.
      if (framework === "sveltekit") {
        expect(output).toContain("Using @sveltejs/adapter-cloudflare");
        expect(existsSync(path.join(dir, ".svelte-kit", "cloudflare", "_worker.js"))).toBe(true);
      }
      // Hono's build is the dry run; React Router's and SvelteKit's write the Worker that wrangler then bundles.
      if (!output.includes("--dry-run")) {
        const dryRun = await execa("npx", ["wrangler", "deploy", "--dry-run", "--outdir", "dist"], { cwd: dir, env, extendEnv: false, all: true, reject: false });
        expect(dryRun.exitCode, dryRun.all).toBe(0);
        output = dryRun.all ?? "";
      }
      expect(output).toContain("--dry-run: exiting now.");
      expect((await readdir(path.join(dir, "dist"))).some((f) => f.endsWith(".js"))).toBe(true);
    });

    it("serves its functions in `wrangler dev`, with the .dev.vars bindings reaching the client", async () => {
      // `start` is `wrangler dev` on the built Worker, as Cloudflare runs it.
      server = await startServer(dir, env, { script: "start", args: (port) => ["--port", String(port), "--ip", "127.0.0.1"] });
      const response = await fetch(`${server.baseUrl}/api/inngest`);
      expect(response.status, server.output()).toBe(200);
      expect(await response.json()).toMatchObject({ mode: "dev", function_count: functionCount(patterns) });

      const demo = await fetch(`${server.baseUrl}/api/demo-event`, { method: "POST" });
      expect(demo.status, server.output()).toBe(200);
      expect(inngest.events.map((e) => e.name)).toEqual(patterns.map((id) => demoEventNames[id]));
    });

    it.each(patterns)("runs the %s function in the Worker when the executor calls it", async (pattern) => {
      const { functionId, event, firstStep } = executorSamples[pattern];
      const payload = { ...event, id: `evt_${pattern}`, ts: Date.now() };
      const response = await fetch(`${server!.baseUrl}/api/inngest?fnId=${appId}-${functionId}&stepId=step`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          event: payload,
          events: [payload],
          steps: {},
          ctx: { run_id: "01JTEST", attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } },
        }),
      });
      expect(response.status, server!.output()).toBe(206);
      expect(JSON.stringify(await response.json())).toContain(firstStep);
    });
  });
}
