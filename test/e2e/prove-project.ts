import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../src/catalogue/patterns.ts";
import { npmRun, projectEnv, runCli, startServer, tempDir, type RunningServer } from "../support/project.ts";

/**
 * Proves a generated project the way a user would use it: generate with the built CLI (which
 * installs real dependencies), type-check, run its own tests, build, start it and ask the serve
 * endpoint how many functions it registers.
 */
export function proveGeneratedProject(framework: FrameworkId, patterns: PatternId[]): void {
  describe(`${framework} with ${patterns.join(", ")}`, () => {
    const env = projectEnv(framework);
    const appId = `e2e-${framework}`;
    let dir = "";
    let server: RunningServer | undefined;

    afterAll(async () => {
      await server?.stop();
      if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
    });

    it("generates and installs", async () => {
      const parent = await tempDir(framework);
      dir = path.join(parent, appId);
      const result = await runCli(
        [appId, "--framework", framework, "--patterns", patterns.join(","), "--yes", "--no-git", "--pm", "npm", "--json"],
        { cwd: parent, env },
      );
      expect(result.exitCode, result.all).toBe(0);
      const summary = JSON.parse(result.stdout);
      expect(summary.install).toBe("installed");
      expect(summary.directory).toBe(dir);
    });

    it("type-checks", async () => {
      await npmRun(dir, "typecheck", env);
    });

    it("passes its own tests", async () => {
      const output = await npmRun(dir, "test", env);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).not.toMatch(/failed/i);
    });

    it("builds", async () => {
      await npmRun(dir, "build", env);
    });

    it("starts and serves its functions on /api/inngest", async () => {
      server = await startServer(dir, env);
      const response = await fetch(`${server.baseUrl}/api/inngest`);
      expect(response.status, server.output()).toBe(200);
      const body = (await response.json()) as { function_count: number; mode: string };
      expect(body.mode).toBe("dev");
      expect(body.function_count).toBe(functionCount(patterns));

      const home = await fetch(server.baseUrl);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain(appId);

      // No dev server runs here, so the demo route must say so rather than crash.
      const demo = await fetch(`${server.baseUrl}/api/demo-event`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: "{}",
      });
      expect(demo.status).toBe(502);
      expect(((await demo.json()) as { error: string }).error).toMatch(/dev server/);
    });

    it("runs a function when the executor calls it", async () => {
      const event = { name: "app/user.signed_up", data: { userId: "user_123", email: "ada@example.com", name: "Ada" }, ts: Date.now() };
      const response = await fetch(`${server!.baseUrl}/api/inngest?fnId=${appId}-welcome-drip&stepId=step`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          event,
          events: [event],
          steps: {},
          ctx: { run_id: "01JTEST", attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } },
        }),
      });
      // 206: the function ran up to its first step and handed it back to the executor.
      expect(response.status, server!.output()).toBe(206);
      expect(JSON.stringify(await response.json())).toContain("fetch-user");
      await server!.stop();
    }, 60_000);

    it("serves in dev mode with `npm run dev`, from .env.development alone", async () => {
      // Vite-based dev servers take the port as a flag; the others read PORT.
      const viteDev = framework === "remix" || framework === "sveltekit";
      server = await startServer(dir, env, { script: "dev", args: viteDev ? (port) => ["--port", String(port), "--strictPort"] : undefined });
      const response = await fetch(`${server.baseUrl}/api/inngest`);
      expect(response.status, server.output()).toBe(200);
      const body = (await response.json()) as { function_count: number; mode: string };
      expect(body).toMatchObject({ mode: "dev", function_count: functionCount(patterns) });
      await server.stop();
    }, 120_000);
  });
}
