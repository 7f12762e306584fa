import { rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { execa } from "execa";
import { afterAll, beforeAll, expect } from "vitest";
import type { FrameworkId } from "../../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../../src/catalogue/patterns.ts";
import type { TargetId } from "../../../src/catalogue/targets.ts";
import { startFakeInngest, type FakeInngest } from "../../support/fake-inngest.ts";
import { generateProject, npmRun, projectEnv, startServer } from "../../support/project.ts";
import { demoEventNames, executorSamples } from "../pattern-samples.ts";

/** A pair's project under test, shared by the tests of one `describe`. */
export interface PairUnderTest {
  patterns: PatternId[];
  appId: string;
  /** The environment the project runs in (Node 24 first on PATH when the pair needs it). */
  env: NodeJS.ProcessEnv;
  /** The project folder, once generated. */
  dir: string;
  /** A stand-in Inngest dev server: the events sent and the syncs land here. */
  inngest: FakeInngest;
  /** Generates the project with real installs, type-checks it, runs its tests and builds it; returns the build output. */
  generateAndBuild(): Promise<string>;
}

/** Registers a describe's setup and cleanup for a pair's project: a fake Inngest server, the project removed afterwards. */
export function pairUnderTest(framework: FrameworkId, target: TargetId, patterns: PatternId[]): PairUnderTest {
  const pair: PairUnderTest = {
    patterns,
    appId: `e2e-${framework}-${target}`,
    env: projectEnv(framework, target),
    dir: "",
    inngest: undefined as unknown as FakeInngest,
    async generateAndBuild() {
      pair.dir = await generateProject({ framework, target, patterns, appId: pair.appId, env: pair.env });
      await npmRun(pair.dir, "typecheck", pair.env);
      expect(await npmRun(pair.dir, "test", pair.env)).toMatch(/Tests\s+\d+ passed/);
      return npmRun(pair.dir, "build", pair.env);
    },
  };
  beforeAll(async () => {
    pair.inngest = await startFakeInngest();
  });
  afterAll(async () => {
    await pair.inngest?.close();
    if (pair.dir && !process.env.KEEP_E2E) await rm(path.dirname(pair.dir), { recursive: true, force: true });
  });
  return pair;
}

interface HandlerAnswer {
  status: number;
  body: string;
}

/**
 * Calls a platform's web handler (a Request in, a Response out) with the requests Inngest sends to
 * /api/inngest, then checks the answers: GET introspection in dev mode with the function count; a
 * POST shaped like the executor's call of the first pattern's function, which runs to its first
 * step (206); a PUT sync, which registers the public URL and every function with the (fake) dev
 * server. It runs in a child Node (the project's, from the pair's env) inside `cwd`, so bare imports
 * resolve from there as they would on the platform.
 *
 * `handler` is the body of an async function given `mod` (the imported module) that returns the
 * handler, e.g. `return (request) => mod.default.fetch(request);`.
 */
export async function expectServesInngest(pair: PairUnderTest, options: { cwd: string; module: string; handler: string; origin: string }): Promise<void> {
  const pattern = pair.patterns[0]!;
  const { functionId, event, firstStep } = executorSamples[pattern];
  const payload = { ...event, id: `evt_${pattern}`, ts: Date.now() };
  const executorBody = JSON.stringify({
    event: payload,
    events: [payload],
    steps: {},
    ctx: { run_id: "01JTEST", attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } },
  });
  const script = path.join(options.cwd, ".e2e-call-handler.mjs");
  await writeFile(
    script,
    `const mod = await import(${JSON.stringify(pathToFileURL(options.module).href)});
const handler = await (async () => { ${options.handler} })();
// The platforms' requests carry a Host header (inngest/edge builds the URL with it).
const call = async (path, init = {}) => {
  const response = await handler(new Request(${JSON.stringify(options.origin)} + path, { ...init, headers: { host: ${JSON.stringify(new URL(options.origin).host)}, ...init.headers } }));
  return { status: response.status, body: await response.text() };
};
const json = { "content-type": "application/json" };
const introspection = await call("/api/inngest");
const run = await call(${JSON.stringify(`/api/inngest?fnId=${pair.appId}-${functionId}&stepId=step`)}, { method: "POST", headers: json, body: ${JSON.stringify(executorBody)} });
const sync = await call("/api/inngest", { method: "PUT", headers: json });
console.log(JSON.stringify({ introspection, run, sync }));
`,
  );
  const { stdout } = await execa("node", [script], { cwd: options.cwd, env: { ...pair.env, INNGEST_DEV: pair.inngest.url }, extendEnv: false });
  const answers = JSON.parse(stdout.trim().split("\n").at(-1)!) as Record<"introspection" | "run" | "sync", HandlerAnswer>;

  expect(answers.introspection.status, answers.introspection.body).toBe(200);
  expect(JSON.parse(answers.introspection.body)).toMatchObject({ mode: "dev", function_count: functionCount(pair.patterns) });
  // 206: the function ran up to its first step and handed it back to the executor.
  expect(answers.run.status, answers.run.body).toBe(206);
  expect(answers.run.body).toContain(firstStep);
  expect(answers.sync.status, answers.sync.body).toBe(200);
  const registration = pair.inngest.registrations.at(-1)!;
  expect(registration.body.url).toBe(`${options.origin}/api/inngest`);
  expect(registration.body.functions).toHaveLength(functionCount(pair.patterns));
}

/**
 * `start` serves the build locally (`vite preview` where the platform's adapter replaced the Node
 * server): the serve endpoint answers and the demo events reach the (fake) dev server.
 */
export async function expectStartServesBuild(pair: PairUnderTest): Promise<void> {
  const server = await startServer(pair.dir, pair.env, {
    script: "start",
    args: (port) => ["--port", String(port), "--strictPort", "--host", "127.0.0.1"],
    env: { INNGEST_DEV: pair.inngest.url },
  });
  try {
    const response = await fetch(`${server.baseUrl}/api/inngest`);
    expect(response.status, server.output()).toBe(200);
    expect(await response.json()).toMatchObject({ mode: "dev", function_count: functionCount(pair.patterns) });
    const before = pair.inngest.events.length;
    const demo = await fetch(`${server.baseUrl}/api/demo-event`, { method: "POST" });
    expect(demo.status, server.output()).toBe(200);
    expect(pair.inngest.events.slice(before).map((e) => e.name)).toEqual(pair.patterns.map((id) => demoEventNames[id]));
  } finally {
    await server.stop();
  }
}
