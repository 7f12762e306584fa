import { readFileSync } from "node:fs";
import path from "node:path";
import { parse as parseToml } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { frameworkIds, frameworks, nodeMajor, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import { deployTargetIds, frameworkOn, olderMajorNotice, versionCapNotices, targetIds, targets, targetsFor, type TargetId } from "../../src/catalogue/targets.ts";
import semver from "semver";
import { cappedRange, previousMajorVersions, provenWithAdapter, versions, type PackageName } from "../../src/catalogue/versions.ts";
import { satisfiesMinimum } from "../../src/install/node-version.ts";
import { packageManagers, yarnRelease, type PackageManager } from "../../src/install/package-manager.ts";
import { parseCreateFlags } from "../../src/options/create-options.ts";
import { inngestEnv, planCreate } from "../../src/plan/create-plan.ts";
import { generateEngineKeys, signingKeyHex } from "../../src/plan/engine-keys.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";
import { repoRoot } from "../support/paths.ts";

const store = loadTemplates();
const allPairs = frameworkIds.flatMap((framework) => targetIds.map((target) => ({ framework, target })));
const refusedPairs = allPairs.filter(({ framework, target }) => !targets[target].supports.includes(framework));

function plan(framework: FrameworkId, target: TargetId, pm: PackageManager = "npm") {
  const p = planCreate(optionsFor(framework, { target, packageManager: pm }), "/w", store, undefined, fixedEngineKeys);
  const file = (path: string) => p.files.find((f) => f.path === path)?.content;
  return { plan: p, file, paths: p.files.map((f) => f.path) };
}

const containerTargets = targetIds.filter((t) => targets[t].layers.includes("docker"));

describe("the framework × target matrix", () => {
  it("gives every pair either support or a reason, never both", () => {
    for (const { framework, target } of allPairs) {
      const supported = targets[target].supports.includes(framework);
      const reason = targets[target].refusals[framework];
      expect(supported !== Boolean(reason), `${framework} on ${target}`).toBe(true);
    }
  });

  it("deploys every framework to Vercel, Netlify, Railway, Fly.io and a self-hosted engine", () => {
    for (const target of ["vercel", "netlify", "railway", "fly-io", "self-hosted"] as const) {
      expect([...targets[target].supports].sort(), target).toEqual([...frameworkIds].sort());
    }
  });

  it("deploys Hono, SvelteKit and React Router (and Next.js) to Workers, and refuses only Express there, with the reason", () => {
    expect([...targets["cloudflare-workers"].supports].sort()).toEqual(["hono", "next", "remix", "sveltekit"]);
    expect(refusedPairs).toEqual([{ framework: "express", target: "cloudflare-workers" }]);
    expect(targets["cloudflare-workers"].refusals.express).toMatch(/Node's HTTP server/);
  });

  it("is the matrix the repository README shows: ✓ exactly for the supported pairs", () => {
    const readme = readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const header = readme.split("\n").find((line) => line.startsWith("| | vercel |"))!;
    const columns = header.split("|").slice(2, -1).map((cell) => cell.trim());
    // "Decide later" deploys nowhere: it has no column.
    expect(columns).toEqual([...deployTargetIds]);
    for (const framework of frameworkIds) {
      const row = readme.split("\n").find((line) => line.startsWith(`| ${framework} |`))!;
      const cells = row.split("|").slice(2, -1).map((cell) => cell.trim());
      for (const [i, target] of deployTargetIds.entries()) {
        expect(cells[i]!.startsWith("✓"), `${framework} on ${target}: ${cells[i]}`).toBe(targets[target].supports.includes(framework));
        // A pair on a previous major names it.
        const older = frameworkOn(framework, target).olderMajor;
        if (targets[target].supports.includes(framework) && older) expect(cells[i], `${framework} on ${target}`).toContain(older.major);
      }
    }
  });

  it("generates the previous major exactly where the platform's adapter lags behind, and says why", () => {
    const older = supportedPairs.flatMap(({ framework, target }) => {
      const o = frameworkOn(framework, target).olderMajor;
      return o ? [`${framework} on ${target}: ${o.major}`] : [];
    });
    expect(older).toEqual([
      "remix on vercel: React Router 7",
      "sveltekit on vercel: SvelteKit 2",
      "sveltekit on netlify: SvelteKit 2",
      "sveltekit on cloudflare-workers: SvelteKit 2",
    ]);
    expect(frameworkOn("remix", "vercel").olderMajor!.reason).toContain("(`@vercel/react-router` 1.3) peers on React Router 7");
    for (const target of ["vercel", "netlify", "cloudflare-workers"] as const) {
      expect(frameworkOn("sveltekit", target).olderMajor!.reason, target).toMatch(/supports SvelteKit 2 only; .*`generateManifest` adapter API that SvelteKit 3\.2 removed/);
    }
    expect(olderMajorNotice("sveltekit", "netlify")).toMatch(/^SvelteKit 2, not SvelteKit 3: on Netlify, `@sveltejs\/adapter-netlify` 6 supports SvelteKit 2 only; /);
    expect(olderMajorNotice("sveltekit", "railway")).toBeUndefined();
  });

  it("runs the previous majors on Node 20.19 (wrangler still needs 22.12 on Workers)", () => {
    expect(frameworkOn("remix", "vercel").minNode).toBe("20.19.0");
    expect(frameworkOn("sveltekit", "vercel").minNode).toBe("20.19.0");
    expect(frameworkOn("sveltekit", "netlify").minNode).toBe("20.19.0");
    expect(frameworkOn("sveltekit", "cloudflare-workers").minNode).toBe("22.12.0");
    expect(frameworkOn("sveltekit", "railway").minNode).toBe(frameworks.sveltekit.minNode);
    expect(frameworkOn("remix", "netlify").minNode).toBe(frameworks.remix.minNode);
  });

  it("leaves every framework a default target that fits it", () => {
    for (const framework of frameworkIds) expect(targetsFor(framework).length, framework).toBeGreaterThan(0);
  });

  it.each(supportedPairs)("accepts $framework on $target", ({ framework, target }) => {
    expect(parseCreateFlags({ framework, target }, "/home/ada")).toMatchObject({ framework, target });
  });

  it.each(refusedPairs)("refuses $framework on $target before anything is planned, with the reason and the targets that fit", ({ framework, target }) => {
    const fitting = targetsFor(framework).map((t) => t.id).join(", ");
    expect(() => parseCreateFlags({ framework, target }, "/home/ada")).toThrow(
      `${frameworks[framework].label} cannot be deployed to ${targets[target].label}: ${targets[target].refusals[framework]}. Targets that fit ${frameworks[framework].label}: ${fitting}.`,
    );
  });
});

describe("versions proven with a platform adapter", () => {
  const pairs = supportedPairs.map(({ framework, target }) => frameworkOn(framework, target));
  it("caps only packages that a pair installs beside the adapter, at or above the map's own version", () => {
    for (const [adapter, capped] of Object.entries(provenWithAdapter)) {
      const withAdapter = pairs.filter((p) => [...p.dependencies, ...p.devDependencies].includes(adapter as PackageName));
      expect(withAdapter.length, `${adapter} is in no generated project`).toBeGreaterThan(0);
      for (const [name, proven] of Object.entries(capped!)) {
        for (const pair of withAdapter) {
          expect([...pair.dependencies, ...pair.devDependencies], `${adapter} wraps ${name}`).toContain(name);
          const fromMap = (pair.olderMajor ? (previousMajorVersions[pair.olderMajor.line] as Record<string, string>)[name] : undefined) ?? versions[name as keyof typeof versions];
          // The day the map's floor passes the cap, this fails: prove the newer version with the adapter and raise the cap.
          expect(() => cappedRange(fromMap, proven!.newest)).not.toThrow();
          expect(semver.satisfies(proven!.newest, cappedRange(fromMap, proven!.newest))).toBe(true);
        }
      }
    }
  });

  it("holds Next.js on Workers below 16.5.0, on which OpenNext's Worker answers every request with a 500", () => {
    const range = frameworkOn("next", "cloudflare-workers").versionCaps.find((c) => c.package === "next");
    expect(range?.breaks).toMatch(/16\.5\.0/);
    const pkg = JSON.parse(planCreate(optionsFor("next", { target: "cloudflare-workers" }), "/tmp/x", loadTemplates()).files.find((f) => f.path === "package.json")!.content);
    expect(semver.satisfies("16.5.0", pkg.dependencies.next)).toBe(false);
    expect(semver.satisfies("16.4.6", pkg.dependencies.next)).toBe(true);
    // Elsewhere Next.js is not held back.
    const onVercel = JSON.parse(planCreate(optionsFor("next", { target: "vercel" }), "/tmp/x", loadTemplates()).files.find((f) => f.path === "package.json")!.content);
    expect(semver.satisfies("16.5.0", onVercel.dependencies.next)).toBe(true);
  });

  it("says the known breakage when the project is created and in list", () => {
    expect(versionCapNotices("next", "cloudflare-workers").join("\n")).toMatch(/^next goes no higher than 16\.4\.6 on Cloudflare Workers, the newest version proven with @opennextjs\/cloudflare: .*500/);
    expect(versionCapNotices("next", "vercel")).toEqual([]);
  });
});

describe.each(supportedPairs)("$framework on $target", ({ framework, target }) => {
  const { plan: p, file, paths } = plan(framework, target);

  it("lists exactly the variables the target needs in .env.example", () => {
    const keys = [...file(".env.example")!.matchAll(/^(?:# )?(\w+)=/gm)].map((m) => m[1]);
    // The default pattern (durable-sleep) reads no variable of its own.
    expect(keys).toEqual([...inngestEnv, ...targets[target].env].map((v) => v.key));
    expect(p.env.map((v) => v.key)).toEqual(keys);
  });

  it("keeps .env.example safe to copy into the local secrets file: no live placeholder host", () => {
    const live = [...file(".env.example")!.matchAll(/^(\w+)=(.*)$/gm)].filter(([, , value]) => /example\.com|<your/.test(value!));
    expect(live.map(([line]) => line)).toEqual([]);
    if (targets[target].env.some((v) => v.key === "INNGEST_SERVE_ORIGIN")) {
      expect(file(".env.example")).toContain("\n# INNGEST_SERVE_ORIGIN=https://your-app.example.com\n");
    }
  });

  it("names one local secrets file, git-ignored and read by dev, alike in the env comments, the README and the file itself", () => {
    const deployed = frameworkOn(framework, target);
    const secrets = deployed.secretsFile;
    expect(file(".env.development")).toContain(`(put those in ${secrets}, which git ignores)`);
    expect(file("README.md")).toContain(`Local secrets go in \`${secrets}\`, which git ignores and \`npm run dev\` reads.`);
    expect(file("README.md")).not.toMatch(/secrets? (go|put)[^.]* in `\.env`/);
    if (secrets === ".env.local") {
      expect(file(".env.local")).toMatch(/^# Your local secrets/);
      // dev reads it: Next.js and Vite by themselves, the Node servers' dev script by flag.
      if (deployed.scripts.dev.startsWith("tsx")) expect(deployed.scripts.dev).toContain("=.env.local");
    } else {
      expect(secrets).toBe(".dev.vars");
      expect(deployed.scripts.dev === "wrangler dev" || deployed.devDependencies.includes("@cloudflare/vite-plugin")).toBe(true);
      expect(file(".env.local")).toBeUndefined();
    }
  });

  it("has a CI workflow that installs from the lockfile, type-checks, tests and builds on the framework's Node", () => {
    const workflow = parseYaml(file(".github/workflows/ci.yml")!);
    const steps = workflow.jobs.check.steps as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    expect(steps.map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm run typecheck", "npm run test", "npm run build"]);
    const node = steps.find((s) => s.uses?.startsWith("actions/setup-node"))!;
    const deployed = frameworkOn(framework, target);
    expect(node.with).toMatchObject({ "node-version": nodeMajor(deployed), cache: "npm" });
    expect(satisfiesMinimum(`${nodeMajor(deployed)}.99.0`, deployed.minNode)).toBe(true);
    expect(JSON.parse(file("package.json")!).engines.node).toBe(`>=${deployed.minNode}`);
  });

  it("renders every template completely, and every relative import resolves", () => {
    for (const f of p.files) expect(f.content, f.path).not.toMatch(/\{\{[#/>^!]?\s*[\w@.]|\[object Object\]/);
    for (const f of p.files.filter((f) => /\.(ts|tsx|mts)$/.test(f.path))) {
      for (const [, specifier] of f.content.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
        if (/\/\+types\/|\/\$types$/.test(specifier!)) continue;
        const resolved = new URL(specifier!, `file:///${f.path}`).pathname.slice(1);
        expect(paths, `${f.path} imports ${specifier}`).toContain(resolved);
      }
    }
  });

  it("documents the deploy in the README", () => {
    if (target === "none") {
      // Decide later: the README says how to add a target, and no deploy config is written.
      expect(file("README.md")).toMatch(/## Deploy\n\nNo deployment target was chosen yet[\s\S]*add --target <id>/);
      expect(paths.filter((p) => /Dockerfile|vercel\.json|netlify|wrangler|fly\.toml|railway\.json|docker-compose/.test(p))).toEqual([]);
    } else expect(file("README.md")).toContain(`## Deploy to ${targets[target].label}`);
  });

  if (containerTargets.includes(target)) it("builds a multi-stage, non-root production image that serves on PORT", () => {
    const dockerfile = file("Dockerfile")!;
    const stages = [...dockerfile.matchAll(/^FROM (\S+)(?: AS (\S+))?$/gm)].map((m) => ({ image: m[1], name: m[2] }));
    expect(stages.map((s) => s.name)).toEqual(["base", "deps", "build", "prod-deps", "runtime"]);
    expect(stages.every((s) => s.image === "base" || s.image === "deps" || s.image === `node:${nodeMajor(frameworks[framework])}-slim`)).toBe(true);
    const runtime = dockerfile.slice(dockerfile.indexOf("AS runtime"));
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime.indexOf("USER node")).toBeLessThan(runtime.indexOf("CMD"));
    expect(runtime).toContain("ENV NODE_ENV=production");
    expect(runtime).toContain("ENV PORT=3000");
    expect(runtime).toContain("EXPOSE 3000");
    expect(JSON.parse(/^CMD (.*)$/m.exec(runtime)![1]!)).toEqual(frameworks[framework].production.command);
    for (const f of frameworks[framework].production.files) expect(runtime).toContain(`COPY --from=build --chown=node:node /app/${f} ./${f}`);
    expect(dockerfile).toMatch(/^RUN npm ci$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev$/m);
    // The install stages see the framework's .npmrc (engine-strict) when it has one.
    if (paths.includes(".npmrc")) expect(dockerfile).toContain("COPY package.json package-lock.json .npmrc ./");
    expect(file(".dockerignore")).toMatch(/^\.env\*$/m);
    expect(file(".dockerignore")).toMatch(/^node_modules$/m);
  });

  if (target === "railway") it("tells Railway to build the Dockerfile and check the home page", () => {
    expect(JSON.parse(file("railway.json")!)).toMatchObject({
      build: { builder: "DOCKERFILE", dockerfilePath: "Dockerfile" },
      deploy: { healthcheckPath: "/" },
    });
  });

  if (target === "fly-io") it("routes Fly's HTTPS to the image's port and checks the home page", () => {
    const fly = parseToml(file("fly.toml")!) as any;
    expect(fly.app).toBe("my-app");
    expect(fly.env.PORT).toBe("3000");
    expect(fly.http_service).toMatchObject({ internal_port: 3000, force_https: true, auto_start_machines: true });
    expect(fly.http_service.checks[0]).toMatchObject({ method: "GET", path: "/" });
  });

  if (["railway", "fly-io"].includes(target)) it("documents INNGEST_SERVE_ORIGIN for the public https URL", () => {
    expect(file("README.md")).toContain("INNGEST_SERVE_ORIGIN=https://");
  });

  const { olderMajor, versionCaps } = frameworkOn(framework, target);
  // The map's version, or the range stopped at the newest proven with the pair's adapter.
  const expectedVersion = (name: string, fromMap: string) => {
    const cap = versionCaps.find((c) => c.package === name);
    return cap ? cappedRange(fromMap, cap.newest) : fromMap;
  };
  if (olderMajor) it(`installs ${olderMajor.major}'s versions and says why in the README`, () => {
    const pkg = JSON.parse(file("package.json")!);
    const installed: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };
    const line: Record<string, string> = previousMajorVersions[olderMajor.line];
    const fromLine = Object.keys(installed).filter((name) => name in line);
    // The framework's own package comes from the line, and nothing installed keeps a version the line overrides.
    expect(fromLine).toContain(framework === "sveltekit" ? "@sveltejs/kit" : "react-router");
    for (const name of fromLine) expect(installed[name], name).toBe(expectedVersion(name, line[name]!));
    for (const [name, version] of Object.entries(installed)) if (!(name in line)) expect(version, name).toBe(expectedVersion(name, versions[name as keyof typeof versions]));
    const readme = file("README.md")!.replace(/\s+/g, " ");
    expect(readme).toContain(`**${olderMajor.major}, not ${olderMajor.newest}.** This project deploys to ${targets[target].label}, and ${olderMajor.reason}.`);
  });
  else it("installs the newest major and says nothing of an older one", () => {
    expect(file("README.md")).not.toMatch(/\*\*[^*]+, not [^*]+\.\*\*/);
    const pkg = JSON.parse(file("package.json")!);
    for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) expect(version, name).toBe(expectedVersion(name, versions[name as keyof typeof versions]));
  });

  if (versionCaps.length) it("stops each framework package its adapter wraps at the newest version proven with it, and says so", () => {
    const pkg = JSON.parse(file("package.json")!);
    const installed: Record<string, string> = { ...pkg.dependencies, ...pkg.devDependencies };
    const readme = file("README.md")!.replace(/\s+/g, " ");
    for (const cap of versionCaps) {
      expect(installed).toHaveProperty(cap.adapter);
      const range = installed[cap.package]!;
      expect(semver.maxSatisfying([cap.newest, semver.inc(cap.newest, "patch")!, semver.inc(cap.newest, "minor")!], range), cap.package).toBe(cap.newest);
      expect(readme).toContain(`**\`${cap.package}\` goes no higher than ${cap.newest}**, the newest version proven with \`${cap.adapter}\`.`);
      if (cap.breaks) expect(readme).toContain(cap.breaks.replace(/\s+/g, " "));
    }
  });

  if (framework === "sveltekit" && olderMajor) it("configures SvelteKit 2: the platform's adapter in svelte.config.js, the tsconfig .svelte-kit generates", () => {
    const adapter = { vercel: "@sveltejs/adapter-vercel", netlify: "@sveltejs/adapter-netlify", "cloudflare-workers": "@sveltejs/adapter-cloudflare" }[target as string]!;
    expect(file("svelte.config.js")).toContain(`import adapter from "${adapter}";`);
    expect(file("svelte.config.js")).toContain("kit: { adapter: adapter() },");
    expect(file("vite.config.ts")).toContain("plugins: [sveltekit()]");
    expect(file("vite.config.ts")).not.toMatch(/import adapter|adapter:/);
    const tsconfig = JSON.parse(file("tsconfig.json")!);
    expect(tsconfig.extends).toBe("./.svelte-kit/tsconfig.json");
    // The generated code imports with .ts extensions (SvelteKit 3's tsconfig allows them).
    expect(tsconfig.compilerOptions.allowImportingTsExtensions).toBe(true);
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.devDependencies).toHaveProperty(adapter);
    expect(pkg.devDependencies).not.toHaveProperty("@sveltejs/adapter-node");
    expect(pkg.scripts.start).toBe(target === "cloudflare-workers" ? "wrangler dev" : "vite preview");
  });

  if (framework === "remix" && target === "vercel") it("builds with Vercel's React Router preset, the serve route's config giving its function a duration", () => {
    expect(file("react-router.config.ts")).toContain('import { vercelPreset } from "@vercel/react-router/vite";');
    expect(file("react-router.config.ts")).toContain("presets: [vercelPreset()],");
    // A literal object: the preset reads it statically.
    expect(file("app/routes/api.inngest.ts")).toMatch(/^export const config = \{ maxDuration: 300 \};$/m);
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.devDependencies).toHaveProperty("@vercel/react-router");
    // The preset splits the server build, which react-router-serve cannot serve.
    expect(pkg.dependencies).not.toHaveProperty("@react-router/serve");
    expect(pkg.scripts.start).toBe("vite preview");
    expect(file(".gitignore")).toMatch(/^\.vercel\/$/m);
  });

  if (target === "vercel") it("gives the serve route a function duration and checkpoints a little below it", () => {
    if (framework === "express" || framework === "hono") {
      // Vercel's zero-config Express/Hono: src/app.ts default-exports the app; vercel.json gives that function its duration.
      expect(file("src/app.ts")).toMatch(/^export default app;$/m);
      expect(JSON.parse(file("vercel.json")!).functions).toEqual({ "src/app.ts": { maxDuration: 300 } });
    } else {
      // Next.js: `export const maxDuration`; SvelteKit (adapter-vercel): `export const config: Config = { maxDuration }`.
      expect(file(frameworks[framework].serveFile)).toMatch(/maxDuration(?: = |: )300\b/);
    }
    expect(file(`${frameworks[framework].sourceDir}/inngest/client.ts`)).toContain('checkpointing: { maxRuntime: "280s" }');
    expect(file("README.md")).toMatch(/Inngest Vercel integration[\s\S]*INNGEST_EVENT_KEY[\s\S]*INNGEST_SIGNING_KEY/);
  });

  if (target !== "vercel") it("keeps the SDK's default checkpointing where no platform cuts requests short", () => {
    expect(file(`${frameworks[framework].sourceDir}/inngest/client.ts`)).not.toContain("checkpointing");
  });

  if (target === "cloudflare-workers") it("describes the Worker for wrangler, with local variables and secrets documented", () => {
    // JSONC: drop the comment lines.
    const wrangler = JSON.parse(file("wrangler.jsonc")!.replace(/^\s*\/\/.*$/gm, ""));
    expect(wrangler).toMatchObject({ name: "my-app", compatibility_flags: ["nodejs_compat"] });
    expect(wrangler.compatibility_date >= "2025-04-01", "process.env holds the bindings from this date on").toBe(true);
    // The entry is generated code, or the build output of OpenNext or SvelteKit's Cloudflare adapter.
    if (!/^\.(open-next|svelte-kit)\//.test(wrangler.main)) expect(paths).toContain(wrangler.main.replace(/^\.\//, ""));
    expect(file(".dev.vars.example")).toMatch(/^INNGEST_DEV=1$/m);
    expect(file(".gitignore")).toMatch(/^\.dev\.vars$/m);
    expect(file("README.md")).toContain("wrangler secret put INNGEST_SIGNING_KEY");
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.devDependencies).toHaveProperty("wrangler");
    expect(pkg.scripts.deploy).toMatch(/(wrangler|opennextjs-cloudflare) deploy$/);
    // wrangler needs Node 22.12.
    expect(satisfiesMinimum(pkg.engines.node.slice(2), "22.12.0")).toBe(true);
  });

  if (target === "cloudflare-workers" && framework === "hono") it("exports the Hono app as the Worker, with no Node server", () => {
    expect(file("src/worker.ts")).toContain("export default app;");
    expect(paths).not.toContain("src/server.ts");
    expect(JSON.parse(file("package.json")!).dependencies).not.toHaveProperty("@hono/node-server");
    expect(file("src/app.ts")).toMatch(/app\.post\("\/api\/demo-event", async \(c\) => \{\n  \/\/ [^\n]*\n  inngest\.setEnvVars\(c\.env\);/);
  });

  if (target === "cloudflare-workers" && framework === "remix") it("hands React Router requests to the Worker entry, bindings in its context", () => {
    expect(file("workers/app.ts")).toContain("context.set(cloudflareEnv, env);");
    expect(file("vite.config.ts")).toContain('cloudflare({ viteEnvironment: { name: "ssr" } }), reactRouter()');
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.dependencies).not.toHaveProperty("@react-router/node");
    expect(pkg.dependencies).not.toHaveProperty("@react-router/serve");
    expect(pkg.devDependencies).toHaveProperty("@cloudflare/vite-plugin");
    expect(file("app/routes/api.demo-event.ts")).toContain("inngest.setEnvVars(context.get(cloudflareEnv));");
  });

  if (target === "cloudflare-workers" && framework === "sveltekit") it("serves the Worker SvelteKit's Cloudflare adapter writes, bindings reaching the client through platform.env", () => {
    const wrangler = JSON.parse(file("wrangler.jsonc")!.replace(/^\s*\/\/.*$/gm, ""));
    expect(wrangler).toMatchObject({ main: ".svelte-kit/cloudflare/_worker.js", assets: { binding: "ASSETS", directory: ".svelte-kit/cloudflare" } });
    expect(file("src/app.d.ts")).toContain("env: Record<string, string | undefined>;");
    expect(file("src/routes/api/demo-event/+server.ts")).toMatch(/async \(\{ platform \}\) => \{\n\t\/\/ [^\n]*\n\tinngest\.setEnvVars\(platform\?\.env\);/);
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.scripts.deploy).toBe("vite build && wrangler deploy");
    expect(file(".gitignore")).toMatch(/^\.svelte-kit\/$/m);
    // The webhook route sends events too.
    const webhook = planCreate(optionsFor("sveltekit", { target, patterns: ["webhook"] }), "/w", store).files.find((f) => f.path === "src/routes/api/webhooks/stripe/+server.ts")!;
    expect(webhook.content).toContain("inngest.setEnvVars(platform?.env);");
  });

  if (target === "cloudflare-workers" && framework === "next") it("builds the Worker with OpenNext", () => {
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg.scripts.build).toBe("opennextjs-cloudflare build");
    expect(pkg.dependencies).toHaveProperty("@opennextjs/cloudflare");
    expect(file("open-next.config.ts")).toContain("defineCloudflareConfig()");
    // OpenNext runs the `build` script for the Next.js build unless told otherwise: that would recurse.
    expect(file("open-next.config.ts")).toContain('buildCommand: "next build"');
    expect(file(".gitignore")).toMatch(/^\.open-next\/$/m);
  });

  if (target === "netlify") it("configures the Netlify build", () => {
    const netlify = parseToml(file("netlify.toml")!) as any;
    expect(netlify.build).toMatchObject({ command: "npm run build" });
    expect(file("README.md")).toMatch(/Sync the app with Inngest after each deploy/);
    expect(file(".gitignore")).toMatch(/^\.netlify\/$/m);
  });

  if (target === "netlify" && framework === "sveltekit") it("publishes build/, where SvelteKit's Netlify adapter writes the assets", () => {
    expect(parseToml(file("netlify.toml")!)).toMatchObject({ build: { command: "npm run build", publish: "build", environment: { NODE_VERSION: "22" } } });
    expect(file("README.md")).toContain("SvelteKit's Netlify adapter (`@sveltejs/adapter-netlify`");
  });

  if (target === "netlify" && (framework === "express" || framework === "hono")) it("serves /api/inngest from a Netlify Functions 2.0 handler on inngest/edge", () => {
    const fn = file("netlify/functions/inngest.mts")!;
    expect(fn).toContain('import { serve } from "inngest/edge";');
    expect(fn).toContain("export default (req: Request) => handler(req);");
    expect(fn).toContain('export const config = { path: "/api/inngest" };');
    expect(parseToml(file("netlify.toml")!)).toMatchObject({ functions: { directory: "netlify/functions" }, build: { publish: "public" } });
    expect(paths).toContain("public/index.html");
    // Type-checked with the app.
    expect(JSON.parse(file("tsconfig.json")!).include).toContain("netlify");
  });

  if (target === "self-hosted") it("runs the Inngest server with Postgres and Redis beside the app, in cloud mode with the project's keys", () => {
    const compose = parseYaml(file("docker-compose.yml")!);
    expect(Object.keys(compose.services).sort()).toEqual(["app", "inngest", "postgres", "redis"]);
    const { inngest, app, postgres } = compose.services;
    expect(inngest.image).toMatch(/^inngest\/inngest/);
    expect(inngest.command).toEqual(["inngest", "start"]);
    expect(inngest.ports).toEqual(["127.0.0.1:8288:8288", "127.0.0.1:8289:8289"]);
    expect(inngest.environment).toMatchObject({
      INNGEST_EVENT_KEY: expect.stringContaining("${INNGEST_EVENT_KEY:?"),
      INNGEST_SIGNING_KEY: expect.stringContaining("${INNGEST_SERVER_SIGNING_KEY:?"),
      INNGEST_POSTGRES_URI: expect.stringMatching(/^postgres:\/\/inngest:\$\{POSTGRES_PASSWORD:\?[^}]+\}@postgres:5432\/inngest$/),
      INNGEST_REDIS_URI: "redis://redis:6379",
    });
    expect(Object.keys(inngest.depends_on).sort()).toEqual(["postgres", "redis"]);
    expect(postgres.environment.POSTGRES_PASSWORD).toContain("${POSTGRES_PASSWORD:?");
    expect(app.build).toBe(".");
    expect(app.environment).toMatchObject({
      PORT: "3000",
      INNGEST_BASE_URL: "http://inngest:8288",
      INNGEST_EVENT_KEY: expect.stringContaining("${INNGEST_EVENT_KEY:?"),
      INNGEST_SIGNING_KEY: expect.stringContaining("${INNGEST_SIGNING_KEY:?"),
      INNGEST_SERVE_ORIGIN: "http://app:3000",
    });
    expect(app.environment).not.toHaveProperty("INNGEST_DEV");
  });

  if (target === "self-hosted") it("writes the keys only to the git-ignored .env that compose reads", () => {
    const env = file(".env")!;
    expect(env).toContain(`INNGEST_EVENT_KEY=${fixedEngineKeys.eventKey}`);
    expect(env).toContain(`INNGEST_SIGNING_KEY=${fixedEngineKeys.signingKey}`);
    expect(env).toContain(`INNGEST_SERVER_SIGNING_KEY=${"5".repeat(64)}`);
    expect(env).toContain(`POSTGRES_PASSWORD=${fixedEngineKeys.postgresPassword}`);
    for (const f of p.files.filter((f) => f.path !== ".env")) {
      expect(f.content, f.path).not.toContain(fixedEngineKeys.eventKey);
      expect(f.content, f.path).not.toContain("5".repeat(64));
      expect(f.content, f.path).not.toContain(fixedEngineKeys.postgresPassword);
    }
    expect(file(".gitignore")).toMatch(/^\.env\*$/m);
    expect(file(".gitignore")).not.toMatch(/^!\.env$/m);
    expect(file("README.md")).toMatch(/Scaling the engine out/);
  });
});

describe("package managers", () => {
  const expected: Record<PackageManager, { install: string; prod: string; lock: string; config?: string; setup?: string; cache?: string }> = {
    npm: { install: "npm ci", prod: "npm ci --omit=dev", lock: "package-lock.json", cache: "npm" },
    pnpm: { install: "pnpm install --frozen-lockfile", prod: "pnpm install --frozen-lockfile --prod", lock: "pnpm-lock.yaml", setup: "pnpm/action-setup", cache: "pnpm" },
    // Yarn 4: --frozen-lockfile and install --production are Yarn 1's; Corepack brings the Yarn package.json names.
    yarn: { install: "yarn install --immutable", prod: "yarn workspaces focus --production", lock: "yarn.lock", config: " .yarnrc.yml", setup: "corepack enable", cache: "yarn" },
    bun: { install: "bun install --frozen-lockfile", prod: "bun install --frozen-lockfile --production", lock: "bun.lock", setup: "oven-sh/setup-bun" },
  };

  it.each(packageManagers)("%s: CI and the image install from its lockfile with its own setup", (pm) => {
    const { file } = plan("hono", "railway", pm);
    const steps = parseYaml(file(".github/workflows/ci.yml")!).jobs.check.steps as { uses?: string; run?: string; with?: Record<string, unknown> }[];
    const e = expected[pm];
    const runs = steps.filter((s) => s.run).map((s) => s.run);
    expect(runs[pm === "yarn" ? 1 : 0]).toBe(e.install);
    const setup = steps.findIndex((s) => (s.uses ?? s.run)?.startsWith(e.setup ?? "-"));
    if (e.setup) expect(setup).toBeGreaterThanOrEqual(0);
    // pnpm, and Yarn 4, must be on PATH before setup-node caches their store.
    if (pm === "pnpm" || pm === "yarn") expect(setup).toBeLessThan(steps.findIndex((s) => s.uses?.startsWith("actions/setup-node")));
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))!.with!.cache).toBe(e.cache);
    const dockerfile = file("Dockerfile")!;
    expect(dockerfile).toContain(`COPY package.json ${e.lock}${e.config ?? ""} ./`);
    expect(dockerfile.includes("RUN corepack enable yarn\n")).toBe(pm === "yarn");
    const pkg = JSON.parse(file("package.json")!) as { packageManager?: string };
    expect(pkg.packageManager).toBe(pm === "yarn" ? `yarn@${yarnRelease}` : undefined);
    // Yarn 4 would install Plug'n'Play: no node_modules for the image to copy.
    expect(file(".yarnrc.yml")).toBe(pm === "yarn" ? "nodeLinker: node-modules\n" : undefined);
    expect(dockerfile).toContain(`RUN ${e.install}\n`);
    expect(dockerfile).toContain(`RUN ${e.prod}\n`);
  });
});

describe("self-hosted engine keys", () => {
  it("are random per project, in the shapes the SDK and the server take", () => {
    const a = generateEngineKeys();
    const b = generateEngineKeys();
    expect(a.signingKey).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
    expect(a.eventKey).toMatch(/^[0-9a-f]{64}$/);
    expect(signingKeyHex(a.signingKey)).toMatch(/^[0-9a-f]{64}$/);
    expect(a.signingKey).not.toBe(b.signingKey);
    expect(a.eventKey).not.toBe(b.eventKey);
  });

  it("must be given to plan a self-hosted project", () => {
    expect(() => planCreate(optionsFor("hono", { target: "self-hosted" }), "/w", store)).toThrow(/engine keys/);
  });
});
