import { cp, readFile, readdir, realpath } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PatternId } from "../../../src/catalogue/patterns.ts";
import { tempDir } from "../../support/project.ts";
import { expectServesInngest, expectStartServesBuild, pairUnderTest } from "./serve-build.ts";

const origin = "https://app.vercel.app";
const installedVersion = async (dir: string, name: string) => JSON.parse(await readFile(path.join(dir, "node_modules", name, "package.json"), "utf8")).version as string;

/**
 * SvelteKit on Vercel (SvelteKit 2, @sveltejs/adapter-vercel): `vite build` writes the Build Output
 * API (.vercel/output), which Vercel deploys as is. The serve route's function must carry its
 * maxDuration; this test copies that function out of the project, as Vercel deploys it with only
 * its traced files, and calls its handler as Vercel's Node runtime does (`fetch(request)`).
 */
export function proveSvelteKitOnVercel(patterns: PatternId[]): void {
  describe(`sveltekit on Vercel with ${patterns.join(", ")}`, () => {
    const pair = pairUnderTest("sveltekit", "vercel", patterns);
    const functionsDir = () => path.join(pair.dir, ".vercel", "output", "functions");

    it("generates SvelteKit 2, installs, type-checks, passes its tests and builds with adapter-vercel", async () => {
      expect(await pair.generateAndBuild()).toContain("Using @sveltejs/adapter-vercel");
      expect(await installedVersion(pair.dir, "@sveltejs/kit")).toMatch(/^2\./);
    });

    it("writes the Build Output API: /api/inngest is a function of its own with maxDuration 300", async () => {
      const config = JSON.parse(await readFile(path.join(pair.dir, ".vercel", "output", "config.json"), "utf8"));
      expect(config.version).toBe(3);
      expect(config.routes).toContainEqual({ src: "^/api/inngest/?(?:/__data.json)?$", dest: "/api/inngest" });
      const vc = JSON.parse(await readFile(path.join(await realpath(path.join(functionsDir(), "api", "inngest.func")), ".vc-config.json"), "utf8"));
      expect(vc).toMatchObject({ maxDuration: 300, launcherType: "Nodejs", framework: { slug: "sveltekit" } });
      expect(vc.runtime).toMatch(/^nodejs\d+\.x$/);
      // The other routes keep Vercel's default duration.
      const home = JSON.parse(await readFile(path.join(await realpath(path.join(functionsDir(), "index.func")), ".vc-config.json"), "utf8"));
      expect(home).not.toHaveProperty("maxDuration");
    });

    it("serves /api/inngest from that function alone, called as Vercel's Node runtime does", async () => {
      // Vercel deploys the function's folder and nothing else: a copy away from the project's node_modules.
      const deployed = path.join(await tempDir("vercel-function"), "inngest.func");
      await cp(await realpath(path.join(functionsDir(), "api", "inngest.func")), deployed, { recursive: true, dereference: true });
      const vc = JSON.parse(await readFile(path.join(deployed, ".vc-config.json"), "utf8"));
      await expectServesInngest(pair, { cwd: deployed, module: path.join(deployed, vc.handler), handler: "return (request) => mod.default.fetch(request);", origin });
    });

    it("serves the build locally with `start` (vite preview)", async () => {
      await expectStartServesBuild(pair);
    });
  });
}

/**
 * React Router on Vercel (React Router 7, @vercel/react-router): the preset builds one server
 * bundle per route `config` and records them in .vercel/react-router-build-result.json, from which
 * Vercel's builder makes one function each with that config. No Vercel CLI here: this test checks
 * the record, then serves the serve route's bundle as Vercel's React Router function does
 * (`createRequestHandler(build)` from react-router, called with a Request).
 */
export function proveReactRouterOnVercel(patterns: PatternId[]): void {
  describe(`remix on Vercel with ${patterns.join(", ")}`, () => {
    const pair = pairUnderTest("remix", "vercel", patterns);
    const buildResult = async () => JSON.parse(await readFile(path.join(pair.dir, ".vercel", "react-router-build-result.json"), "utf8"));

    it("generates React Router 7, installs, type-checks, passes its tests and builds with the Vercel preset", async () => {
      await pair.generateAndBuild();
      expect(await installedVersion(pair.dir, "react-router")).toMatch(/^7\./);
      expect(await installedVersion(pair.dir, "@react-router/dev")).toMatch(/^7\./);
    });

    it("gives /api/inngest a server bundle of its own whose config carries maxDuration 300", async () => {
      const { buildManifest } = await buildResult();
      const bundleId = buildManifest.routeIdToServerBundleId["routes/api.inngest"];
      expect(buildManifest.serverBundles[bundleId].config).toEqual({ maxDuration: 300, runtime: "nodejs" });
      expect(buildManifest.routes["routes/api.inngest"]).toMatchObject({ path: "api/inngest", config: { maxDuration: 300 } });
      // The other routes share a bundle with Vercel's default duration.
      const homeBundle = buildManifest.routeIdToServerBundleId["routes/home"];
      expect(homeBundle).not.toBe(bundleId);
      expect(buildManifest.serverBundles[homeBundle].config).toEqual({ runtime: "nodejs" });
      expect(await readdir(path.join(pair.dir, "build", "server"))).toEqual(expect.arrayContaining([bundleId, homeBundle]));
    });

    it("serves /api/inngest from its bundle, called as Vercel's React Router function does", async () => {
      const { buildManifest } = await buildResult();
      const bundle = buildManifest.serverBundles[buildManifest.routeIdToServerBundleId["routes/api.inngest"]];
      await expectServesInngest(pair, {
        cwd: pair.dir,
        module: path.join(pair.dir, bundle.file),
        handler: 'const { createRequestHandler } = await import("react-router"); return createRequestHandler(mod.default ?? mod);',
        origin,
      });
    });

    it("serves the whole build locally with `start` (vite preview)", async () => {
      await expectStartServesBuild(pair);
    });
  });
}
