import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkIds, frameworks, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import { functionCount, patternIds, patterns, type PatternId } from "../../src/catalogue/patterns.ts";
import { versions } from "../../src/catalogue/versions.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";

const store = loadTemplates();

describe.each(frameworkIds)("the %s plan", (framework) => {
  const plan = planCreate(optionsFor(framework), "/work/my-app", store);
  const file = (p: string) => plan.files.find((f) => f.path === p)?.content;
  const src = frameworks[framework].sourceDir;

  it("has the pieces every project needs", () => {
    for (const p of [
      "package.json",
      "README.md",
      ".gitignore",
      ".env.example",
      ".env.development",
      "tsconfig.json",
      "vitest.config.ts",
      frameworks[framework].serveFile,
      `${src}/inngest/client.ts`,
      `${src}/inngest/events.ts`,
      `${src}/inngest/functions/index.ts`,
      `${src}/inngest/functions/welcome-drip.ts`,
      `${src}/inngest/functions/welcome-drip.test.ts`,
    ]) {
      expect(file(p), p).toBeDefined();
    }
    expect(plan.files.every((f) => f.action === "create")).toBe(true);
  });

  it("writes a package.json with the scripts, engines and pinned versions", () => {
    const pkg = JSON.parse(file("package.json")!);
    expect(pkg).toMatchObject({ name: "my-app", private: true, type: "module", engines: { node: `>=${frameworks[framework].minNode}` } });
    expect(Object.keys(pkg.scripts)).toEqual(expect.arrayContaining(["dev", "build", "start", "test", "typecheck", "dev:inngest"]));
    for (const [name, range] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
      expect(range, name).toBe(versions[name as keyof typeof versions]);
    }
    expect(pkg.dependencies).toHaveProperty("inngest");
    expect(pkg.devDependencies).toHaveProperty("@inngest/test");
  });

  it("renders completely, against the v4 API only", () => {
    for (const f of plan.files) {
      // A Handlebars tag left in the output, or an object rendered as text.
      expect(f.content, f.path).not.toMatch(/\{\{[#/>^!]?\s*[\w@.]|\[object Object\]/);
      expect(f.content, f.path).not.toMatch(/EventSchemas|fromRecord<|new InngestMiddleware/);
    }
    expect(file(`${src}/inngest/client.ts`)).toMatch(/new Inngest\(\{\s+id: "my-app"/);
  });

  it("keeps secrets out of git but the examples in", () => {
    const gitignore = file(".gitignore")!;
    expect(gitignore).toMatch(/^\.env\*$/m);
    expect(gitignore).toMatch(/^!\.env\.example$/m);
    expect(file(".env.example")).toMatch(/^INNGEST_SIGNING_KEY=$/m);
    expect(file(".env.development")).not.toMatch(/KEY/);
  });

  it("is the same plan for the same inputs", () => {
    expect(planCreate(optionsFor(framework), "/work/my-app", store)).toEqual(plan);
  });
});

describe("planning into an existing directory", () => {
  const exists = (p: string) => p === "package.json" || p === "README.md";

  it("marks files that exist as conflicts", () => {
    const plan = planCreate(optionsFor("express"), "/work/my-app", store, exists);
    expect(plan.files.filter((f) => f.action === "conflict").map((f) => f.path).sort()).toEqual(["README.md", "package.json"]);
  });

  it("marks them as updates with --overwrite", () => {
    const plan = planCreate(optionsFor("express", { overwrite: true }), "/work/my-app", store, exists);
    expect(plan.files.filter((f) => f.action === "update").map((f) => f.path).sort()).toEqual(["README.md", "package.json"]);
    expect(plan.files.some((f) => f.action === "conflict")).toBe(false);
  });

  it("keeps a user's own .env.local, even with --overwrite: it holds their secrets", () => {
    const withSecrets = (p: string) => exists(p) || p === ".env.local";
    for (const overwrite of [false, true]) {
      const plan = planCreate(optionsFor("express", { overwrite }), "/work/my-app", store, withSecrets);
      expect(plan.files.find((f) => f.path === ".env.local")).toMatchObject({ action: "skip", reason: "kept: it holds your local secrets" });
    }
  });
});

describe("template values", () => {
  it("carry the app id and package manager into the code and docs", () => {
    const plan = planCreate(optionsFor("hono", { appId: "billing", packageManager: "pnpm" }), "/w", store);
    const readme = plan.files.find((f) => f.path === "README.md")!.content;
    expect(plan.files.find((f) => f.path === "src/inngest/client.ts")!.content).toContain('id: "billing"');
    expect(readme).toContain("pnpm dev:inngest");
    expect(readme).toContain("pnpm install");
  });
});

/** Every non-empty subset of the catalogue: 63 combinations. */
const everyCombination: PatternId[][] = Array.from({ length: 2 ** patternIds.length - 1 }, (_, i) =>
  patternIds.filter((_, bit) => ((i + 1) >> bit) & 1),
);

describe("any combination of patterns", () => {
  it.each(supportedPairs)("composes into a consistent $framework project on $target", ({ framework, target }) => {
    const src = frameworks[framework].sourceDir;
    for (const chosen of everyCombination) {
      const label = `${framework} on ${target}: ${chosen.join(",")}`;
      const plan = planCreate(optionsFor(framework, { patterns: chosen, target }), "/w", store, undefined, fixedEngineKeys);
      const paths = plan.files.map((f) => f.path);
      const file = (p: string) => plan.files.find((f) => f.path === p)?.content ?? "";
      expect(new Set(paths).size, label).toBe(paths.length);

      // Each event is defined once, and every pattern's events are there.
      const events = file(`${src}/inngest/events.ts`);
      const defined = [...events.matchAll(/^export const (\w+) = eventType\(/gm)].map((m) => m[1]);
      expect(new Set(defined).size, label).toBe(defined.length);
      expect(defined.sort(), label).toEqual(chosen.flatMap((id) => patterns[id].events).sort());
      // Helper schemas local to a pattern's events must not collide either.
      const locals = [...events.matchAll(/^const (\w+) =/gm)].map((m) => m[1]);
      expect(new Set(locals).size, label).toBe(locals.length);

      // The functions list registers each declared function, from a module that is generated.
      const index = file(`${src}/inngest/functions/index.ts`);
      for (const fn of chosen.flatMap((id) => patterns[id].functions)) {
        expect(index, label).toContain(`import { ${fn.exportName} } from "./${fn.module}.ts";`);
        expect(file(`${src}/inngest/functions/${fn.module}.ts`), label).toContain(`export const ${fn.exportName} = inngest.createFunction(`);
      }

      // Every relative import in generated code points at a generated file (framework-generated
      // route types aside), so a wrong depth or a missing service fails here, not after an install.
      for (const f of plan.files.filter((f) => /\.(ts|tsx|mts)$/.test(f.path))) {
        for (const [, specifier] of f.content.matchAll(/(?:from|import\()\s*"(\.{1,2}\/[^"]+)"/g)) {
          if (/\/\+types\/|\/\$types$/.test(specifier!)) continue;
          const target = path.posix.join(path.posix.dirname(f.path), specifier!);
          expect(paths, `${label}: ${f.path} imports ${specifier}`).toContain(target);
        }
      }

      // One key per variable in .env.example, with each pattern's own.
      const keys = [...file(".env.example").matchAll(/^(\w+)=/gm)].map((m) => m[1]);
      expect(new Set(keys).size, label).toBe(keys.length);
      for (const v of chosen.flatMap((id) => patterns[id].env)) expect(keys, label).toContain(v.key);

      // The demo route sends one event per pattern.
      expect((file(`${src}/inngest/demo-events.ts`).match(/\.create\(/g) ?? []).length, label).toBe(chosen.length);
    }
  });

  it("adds a pattern's route to every framework only when the pattern is chosen", () => {
    const routeFiles: Record<FrameworkId, string> = {
      next: "src/app/api/webhooks/stripe/route.ts",
      express: "src/app.ts",
      hono: "src/app.ts",
      remix: "app/routes/api.webhooks.stripe.ts",
      sveltekit: "src/routes/api/webhooks/stripe/+server.ts",
    };
    for (const framework of frameworkIds) {
      const withWebhook = planCreate(optionsFor(framework, { patterns: ["webhook"] }), "/w", store);
      const without = planCreate(optionsFor(framework, { patterns: ["multi-step"] }), "/w", store);
      const content = (plan: typeof without, p: string) => plan.files.find((f) => f.path === p)?.content ?? "";
      expect(content(withWebhook, routeFiles[framework]), framework).toContain("receiveStripeWebhook(");
      expect(content(without, routeFiles[framework]), framework).not.toContain("receiveStripeWebhook");
      expect(without.files.some((f) => f.path.includes("webhooks")), framework).toBe(false);
    }
    const remixRoutes = planCreate(optionsFor("remix", { patterns: ["webhook"] }), "/w", store).files.find((f) => f.path === "app/routes.ts")!;
    expect(remixRoutes.content).toContain('route("api/webhooks/stripe", "routes/api.webhooks.stripe.ts")');
  });

  it("lets Vite-based dev servers see the patterns' variables", () => {
    const plan = planCreate(optionsFor("sveltekit", { patterns: ["webhook", "ai-pipeline"] }), "/w", store);
    expect(plan.files.find((f) => f.path === "vite.config.ts")!.content).toContain(
      'loadEnv(mode, process.cwd(), ["INNGEST_", "STRIPE_WEBHOOK_SECRET", "OPENAI_API_KEY"])',
    );
  });

  it("counts the functions the serve endpoint reports, onFailure handlers included", () => {
    expect(functionCount(["durable-sleep"])).toBe(1);
    expect(functionCount(["multi-step"])).toBe(2);
    expect(functionCount([...patternIds])).toBe(8);
  });
});
