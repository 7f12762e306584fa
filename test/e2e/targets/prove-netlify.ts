import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../../src/catalogue/patterns.ts";
import { generateProject, npmRun, projectEnv } from "../../support/project.ts";
import { expectServesInngest, expectStartServesBuild, pairUnderTest } from "./serve-build.ts";

/**
 * Express and Hono on Netlify: the Inngest endpoint is a Netlify Functions 2.0 handler. Netlify
 * bundles functions with esbuild; so does this test, then calls the bundled handler with a web
 * Request as Netlify would.
 */
export function proveNetlifyFunctions(framework: FrameworkId, patterns: PatternId[]): void {
  describe(`${framework} on Netlify with ${patterns.join(", ")}`, () => {
    const env = projectEnv(framework, "netlify");
    const appId = `e2e-${framework}-netlify`;
    let dir = "";

    afterAll(async () => {
      if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
    });

    it("generates, installs, type-checks (functions included), passes its tests and builds", async () => {
      dir = await generateProject({ framework, target: "netlify", patterns, appId, env });
      await npmRun(dir, "typecheck", env);
      expect(await npmRun(dir, "test", env)).toMatch(/Tests\s+\d+ passed/);
      await npmRun(dir, "build", env);
    });

    it("bundles the functions as Netlify does and serves /api/inngest from the bundle", async () => {
      const functions = framework === "hono" ? ["inngest", "app"] : ["inngest"];
      for (const name of functions) {
        await execa("npx", ["esbuild", `netlify/functions/${name}.mts`, "--bundle", "--platform=node", "--format=esm", "--packages=external", `--outfile=.netlify/test/${name}.mjs`], { cwd: dir, env, extendEnv: false });
      }
      await writeFile(
        path.join(dir, ".netlify/test/call.mjs"),
        // Netlify's requests carry a Host header; inngest/edge builds the URL with it.
        `const headers = { host: "site.netlify.app" };
const { default: inngest, config } = await import("./inngest.mjs");
const introspection = await inngest(new Request("https://site.netlify.app/api/inngest", { headers }));
const result = { path: config.path, status: introspection.status, body: await introspection.json() };
if (${framework === "hono"}) {
  const app = await import("./app.mjs");
  const home = await app.default(new Request("https://site.netlify.app/", { headers }));
  result.app = { path: app.config.path, excludedPath: app.config.excludedPath, status: home.status };
}
console.log(JSON.stringify(result));
`,
      );
      const { stdout } = await execa("node", [".netlify/test/call.mjs"], { cwd: dir, env: { ...env, INNGEST_DEV: "1" }, extendEnv: false });
      const result = JSON.parse(stdout);
      expect(result).toMatchObject({ path: "/api/inngest", status: 200, body: { mode: "dev", function_count: functionCount(patterns) } });
      if (framework === "hono") expect(result.app).toEqual({ path: "/*", excludedPath: "/api/inngest", status: 200 });
    });
  });
}

/**
 * React Router on Netlify: its Vite adapter writes the server build as a Netlify Function
 * (.netlify/v1/functions); this test calls that function with a web Request as Netlify would.
 */
export function proveReactRouterOnNetlify(patterns: PatternId[]): void {
  describe(`remix on Netlify with ${patterns.join(", ")}`, () => {
    const env = projectEnv("remix", "netlify");
    const appId = "e2e-remix-netlify";
    let dir = "";

    afterAll(async () => {
      if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
    });

    it("generates, installs, type-checks, passes its tests and builds with the Netlify adapter", async () => {
      dir = await generateProject({ framework: "remix", target: "netlify", patterns, appId, env });
      await npmRun(dir, "typecheck", env);
      expect(await npmRun(dir, "test", env)).toMatch(/Tests\s+\d+ passed/);
      await npmRun(dir, "build", env);
    });

    it("serves /api/inngest from the Netlify Function the adapter wrote", async () => {
      const functionsDir = path.join(dir, ".netlify", "v1", "functions");
      const entry = (await readdir(functionsDir, { recursive: true })).find((f) => /\.m?js$/.test(f));
      expect(entry, "a function in .netlify/v1/functions").toBeDefined();
      const script = path.join(dir, ".netlify", "call.mjs");
      await writeFile(
        script,
        `const { default: handler, config } = await import(${JSON.stringify(path.join(functionsDir, entry!))});
const response = await handler(new Request("https://site.netlify.app/api/inngest", { headers: { host: "site.netlify.app" } }), {});
console.log(JSON.stringify({ config, status: response.status, body: await response.text() }));
`,
      );
      const { stdout } = await execa("node", [script], { cwd: dir, env: { ...env, INNGEST_DEV: "1" }, extendEnv: false });
      const result = JSON.parse(stdout.trim().split("\n").at(-1)!);
      expect(result.status, result.body).toBe(200);
      expect(JSON.parse(result.body)).toMatchObject({ mode: "dev", function_count: functionCount(patterns) });
    });
  });
}

/**
 * SvelteKit on Netlify (SvelteKit 2, @sveltejs/adapter-netlify): `vite build` writes the server as a
 * Netlify Functions 2.0 handler routed at every path (.netlify/functions-internal) and the assets to
 * build/; this test calls that function with the requests Inngest sends, as Netlify would.
 */
export function proveSvelteKitOnNetlify(patterns: PatternId[]): void {
  describe(`sveltekit on Netlify with ${patterns.join(", ")}`, () => {
    const pair = pairUnderTest("sveltekit", "netlify", patterns);

    it("generates SvelteKit 2, installs, type-checks, passes its tests and builds with adapter-netlify", async () => {
      expect(await pair.generateAndBuild()).toContain("Using @sveltejs/adapter-netlify");
      expect(JSON.parse(await readFile(path.join(pair.dir, "node_modules/@sveltejs/kit/package.json"), "utf8")).version).toMatch(/^2\./);
      // netlify.toml publishes build/: the client assets are there.
      expect(await readdir(path.join(pair.dir, "build"))).toContain("_app");
    });

    it("serves /api/inngest from the Netlify Function the adapter wrote", async () => {
      await expectServesInngest(pair, {
        cwd: pair.dir,
        module: path.join(pair.dir, ".netlify", "functions-internal", "sveltekit-render.mjs"),
        // Netlify routes the function by its config and calls it with the request and a context.
        handler: 'if (!mod.config.path.includes("/*")) throw new Error("not routed at every path"); return (request) => mod.default(request, { ip: "127.0.0.1" });',
        origin: "https://site.netlify.app",
      });
    });

    it("serves the build locally with `start` (vite preview)", async () => {
      await expectStartServesBuild(pair);
    });
  });
}
