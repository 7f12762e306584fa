import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createHmac } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../src/catalogue/frameworks.ts";
import { functionCount, patternIds, type PatternId } from "../../src/catalogue/patterns.ts";
import type { TargetId } from "../../src/catalogue/targets.ts";
import { generateEngineKeys } from "../../src/plan/engine-keys.ts";
import { frozenInstall, lockfiles, runScript, type PackageManager } from "../../src/install/package-manager.ts";
import { assembleRuntime } from "./container.ts";
import { startFakeInngest, type FakeInngest } from "../support/fake-inngest.ts";
import { generateProject, npmRun, projectEnv, startServer, type RunningServer } from "../support/project.ts";
import { demoEventNames, executorSamples } from "./pattern-samples.ts";

export const allPatterns: PatternId[] = [...patternIds];

interface ProveOptions {
  /** Also run `npm run dev` and check it serves from .env.development alone (slow for Next.js). */
  devServer?: boolean;
  /** `--target`; the framework's default when absent. */
  target?: TargetId;
  /** Run the generated Dockerfile's production stages and serve the result (container targets). */
  container?: boolean;
  /** `--pm`: generate, install and run the scripts with it (its binary on PATH); npm unless given. */
  pm?: PackageManager;
  /** Directories put first on PATH (a package manager's binary). */
  path?: readonly string[];
}

const webhookSecret = "whsec_e2e_secret";
const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

/** Signs a body the way Stripe does. */
function stripeSignature(body: string, secret: string, timestamp = Math.floor(Date.now() / 1000)): string {
  return `t=${timestamp},v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/**
 * Proves a generated project the way a user would use it: generate with the built CLI (which
 * installs real dependencies), type-check, run its own tests, build, start it and ask the serve
 * endpoint how many functions it registers; then call each function as the executor would, send
 * the demo events and, with the webhook pattern, send it signed and forged webhooks.
 */
export function proveGeneratedProject(framework: FrameworkId, patterns: PatternId[], options: ProveOptions = {}): void {
  const label = patterns.length === patternIds.length ? "every pattern" : patterns.join(", ");
  const pm = options.pm ?? "npm";
  describe(`${framework}${options.target ? ` on ${options.target}` : ""} with ${label}${options.pm ? `, by ${pm}` : ""}`, () => {
    const env = projectEnv(framework, options.target);
    if (options.path) env.PATH = [...options.path, env.PATH].join(path.delimiter);
    const appId = `e2e-${framework}-${patterns.length === 1 ? patterns[0] : "all"}`;
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
      dir = await generateProject({ framework, target: options.target, patterns, appId, env, pm });
    });

    if (options.pm) it(`its lockfile is ${lockfiles[pm]}, and the CI's install of exactly it (${frozenInstall(pm)}) passes`, async () => {
      expect(existsSync(path.join(dir, lockfiles[pm])), lockfiles[pm]).toBe(true);
      const ci = await readFile(path.join(dir, ".github", "workflows", "ci.yml"), "utf8");
      expect(ci).toContain(`- run: ${frozenInstall(pm)}\n`);
      expect(ci).toContain(`- run: ${runScript(pm, "typecheck")}\n`);
      const [command, ...args] = frozenInstall(pm).split(" ");
      const result = await execa(command!, args, { cwd: dir, env, extendEnv: false, reject: false, all: true });
      expect(result.exitCode, result.all).toBe(0);
    });

    it("type-checks", async () => {
      await npmRun(dir, "typecheck", env, pm);
    });

    it("passes its own tests", async () => {
      const output = await npmRun(dir, "test", env, pm);
      const passed = /Tests\s+(\d+) passed/.exec(output)?.[1];
      expect(passed, output).toBeDefined();
      expect(output).not.toMatch(/\d+ failed/i);
      // Expected failures are asserted, not printed as stack traces (see the generated vitest.config.ts).
      expect(output).not.toContain("Inngest function error");
      // Nor the local services' log lines: passing tests are silent (vitest's silent: "passed-only").
      expect(output).not.toMatch(/^\[(email|payments|orders|ai)\]/m);
      console.info(`[e2e] ${framework} with ${label}: ${passed} generated tests passed`);
    });

    it("builds", async () => {
      await npmRun(dir, "build", env, pm);
    });

    if (options.container) it("runs the Dockerfile's production stages: its CMD serves the build with production dependencies only", async () => {
      const runtime = await assembleRuntime(dir, path.join(path.dirname(dir), "image"), { install: frozenInstall(pm), build: runScript(pm, "build") }, env);
      expect(existsSync(path.join(runtime.dir, "node_modules", "inngest")), "a production dependency").toBe(true);
      expect(existsSync(path.join(runtime.dir, "node_modules", "vitest")), "a devDependency").toBe(false);
      expect(runtime.env).toMatchObject({ NODE_ENV: "production", PORT: "3000" });
      // PORT comes from the platform (as Railway and Fly set it), over the image's default.
      const { PORT: _port, ...imageEnv } = runtime.env;
      const start = (extra: Record<string, string>) => startServer(runtime.dir, env, { script: "start", command: runtime.command, env: { ...imageEnv, ...extra } });

      const dev = await start({ INNGEST_DEV: inngest.url });
      try {
        const response = await fetch(`${dev.baseUrl}/api/inngest`);
        expect(response.status, dev.output()).toBe(200);
        expect(await response.json()).toMatchObject({ function_count: functionCount(patterns) });
        // The platforms' health check.
        expect((await fetch(dev.baseUrl)).status, dev.output()).toBe(200);
      } finally {
        await dev.stop();
      }

      // Production against a self-hosted engine (the fake one): cloud mode, its base URL and keys.
      const keys = generateEngineKeys();
      const cloud = await start({
        INNGEST_BASE_URL: inngest.url,
        INNGEST_EVENT_KEY: keys.eventKey,
        INNGEST_SIGNING_KEY: keys.signingKey,
        INNGEST_SERVE_ORIGIN: "http://app:3000",
      });
      try {
        expect((await fetch(`${cloud.baseUrl}/api/inngest`)).status, "unsigned introspection in cloud mode").toBe(401);
        expect((await fetch(cloud.baseUrl)).status, cloud.output()).toBe(200);
        // As the README's curl does: without a content type SvelteKit 3 refuses a PUT as a cross-site form (403).
        const sync = await fetch(`${cloud.baseUrl}/api/inngest`, { method: "PUT", headers: { "content-type": "application/json" } });
        expect(sync.status, cloud.output()).toBe(200);
        const registration = inngest.registrations.at(-1)!;
        expect(registration.body.url).toBe("http://app:3000/api/inngest");
        expect(registration.body.functions).toHaveLength(functionCount(patterns));
        expect(registration.authorization).toMatch(/^Bearer signkey-prod-[0-9a-f]{64}$/);
      } finally {
        await cloud.stop();
      }
    });

    it("starts and serves its functions on /api/inngest", async () => {
      server = await startServer(dir, env, { script: "start", pm, env: { INNGEST_DEV: inngest.url, STRIPE_WEBHOOK_SECRET: webhookSecret } });
      const response = await fetch(`${server.baseUrl}/api/inngest`);
      expect(response.status, server.output()).toBe(200);
      const body = (await response.json()) as { function_count: number; mode: string };
      expect(body.mode).toBe("dev");
      expect(body.function_count).toBe(functionCount(patterns));

      const home = await fetch(server.baseUrl);
      expect(home.status).toBe(200);
      expect(await home.text()).toContain(appId);
    });

    it("sends one demo event per pattern", async () => {
      const before = inngest.events.length;
      const demo = await fetch(`${server!.baseUrl}/api/demo-event`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
      expect(demo.status, server!.output()).toBe(200);
      expect(inngest.events.slice(before).map((e) => e.name)).toEqual(patterns.map((id) => demoEventNames[id]));
    });

    it.each(patterns)("runs the %s function when the executor calls it", async (pattern) => {
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
      // 206: the function ran up to its first step and handed it back to the executor.
      expect(response.status, server!.output()).toBe(206);
      expect(JSON.stringify(await response.json())).toContain(firstStep);
    });

    it("in cloud mode without a signing key, refuses every request rather than run unauthenticated", async () => {
      const { functionId, event } = executorSamples[patterns[0]!];
      const cloud = await startServer(dir, env, { script: "start", pm, env: { INNGEST_DEV: "0" } });
      try {
        const introspection = await fetch(`${cloud.baseUrl}/api/inngest`);
        expect(introspection.status, cloud.output()).toBe(500);
        expect(await introspection.json()).toEqual({ code: "internal_server_error" });
        const payload = { ...event, id: "evt_unsigned", ts: Date.now() };
        const call = await fetch(`${cloud.baseUrl}/api/inngest?fnId=${appId}-${functionId}&stepId=step`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ event: payload, events: [payload], steps: {}, ctx: { run_id: "01JUNSIGNED", attempt: 0, stack: { stack: [], current: 0 } } }),
        });
        expect(call.status, "an unsigned executor call").toBe(500);
        const sync = await fetch(`${cloud.baseUrl}/api/inngest`, { method: "PUT", headers: { "content-type": "application/json" } });
        expect(sync.status, "a sync").toBe(500);
        // Loudly: the SDK logs why on every request, in the app's own output.
        expect(cloud.output()).toContain("In cloud mode but no signing key found");
      } finally {
        await cloud.stop();
      }
    });

    // Checks register only where they apply, so nothing shows as skipped by design.
    if (patterns.includes("webhook")) describe("the Stripe webhook route", () => {
      const url = () => `${server!.baseUrl}/api/webhooks/stripe`;
      const body = JSON.stringify({
        id: `evt_${framework}_1`,
        type: "payment_intent.succeeded",
        data: { object: { id: "pi_1", amount: 1500, metadata: { orderId: "order_123" } } },
      });
      const post = (signature?: string) =>
        fetch(url(), {
          method: "POST",
          headers: { "content-type": "application/json", ...(signature ? { "stripe-signature": signature } : {}) },
          body,
        });

      it("turns a correctly signed webhook into an event with Stripe's id, once per delivery", async () => {
        const before = inngest.events.length;
        const first = await post(stripeSignature(body, webhookSecret));
        expect(first.status, server!.output()).toBe(200);
        expect(await first.json()).toEqual({ received: true });
        // Stripe redelivers with a new timestamp; the event id stays Stripe's, so Inngest keeps one.
        expect((await post(stripeSignature(body, webhookSecret, Math.floor(Date.now() / 1000) - 30))).status).toBe(200);

        const sent = inngest.events.slice(before);
        expect(sent.map((e) => [e.name, e.id])).toEqual([
          ["stripe/event.received", `evt_${framework}_1`],
          ["stripe/event.received", `evt_${framework}_1`],
        ]);
        expect(sent[0]!.data).toMatchObject({ stripeEventId: `evt_${framework}_1`, type: "payment_intent.succeeded" });
      });

      it("answers 400 to a wrong, missing or stale signature, and sends nothing", async () => {
        const before = inngest.events.length;
        expect((await post(stripeSignature(body, "whsec_wrong_secret"))).status).toBe(400);
        expect((await post()).status).toBe(400);
        expect((await post(stripeSignature(body, webhookSecret, Math.floor(Date.now() / 1000) - 3600))).status).toBe(400);
        expect(inngest.events.length).toBe(before);
      });

      it.runIf(hasOpenssl)("accepts the webhook signed by the README's shell snippet", async () => {
        const readme = await readFile(path.join(dir, "README.md"), "utf8");
        const snippet = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!).find((s) => s.includes("openssl"));
        expect(snippet).toBeDefined();
        const script = snippet!
          .replace(/^secret=.*$/m, `secret=${webhookSecret}`)
          .replace(/http:\/\/localhost:\d+/g, server!.baseUrl)
          .replace("curl -X POST", "curl -s -o /dev/null -w '%{http_code}' -X POST");
        const before = inngest.events.length;
        const { stdout } = await execa("bash", ["-c", script]);
        expect(stdout).toBe("200");
        expect(inngest.events.slice(before).map((e) => e.id)).toEqual(["evt_test_1"]);
      });
    });

    if (options.devServer ?? true) it(
      "serves in dev mode with `npm run dev`, from .env.development alone",
      async () => {
        await server?.stop();
        // Vite-based dev servers take the port as a flag; the others read PORT.
        const viteDev = framework === "remix" || framework === "sveltekit";
        server = await startServer(dir, env, { script: "dev", pm, args: viteDev ? (port) => ["--port", String(port), "--strictPort"] : undefined });
        const response = await fetch(`${server.baseUrl}/api/inngest`);
        expect(response.status, server.output()).toBe(200);
        expect(await response.json()).toMatchObject({ mode: "dev", function_count: functionCount(patterns) });
        // The home page links the dev server's UI.
        expect(await (await fetch(server.baseUrl)).text()).toContain('href="http://localhost:8288"');

        // No dev server runs here, so the demo route must say so rather than crash.
        const demo = await fetch(`${server.baseUrl}/api/demo-event`, { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
        expect(demo.status).toBe(502);
        expect(((await demo.json()) as { error: string }).error).toMatch(/dev server.*dev:inngest/);
        // In the app's terminal: one line saying what to start, no stack trace; and no
        // "not found" line for a missing env file on every start (create writes .env.local).
        await new Promise((r) => setTimeout(r, 200));
        const log = server.output();
        expect(log.match(/^.*Could not send the demo event.*$/gm), log).toHaveLength(1);
        expect(log, log).not.toMatch(/^\s+at /m);
        expect(log, log).not.toMatch(/not found\. Continuing without it/);
        await server.stop();
      },
      120_000,
    );
  });
}
