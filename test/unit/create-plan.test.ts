import { describe, expect, it } from "vitest";
import { frameworkIds, frameworks, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import { versions } from "../../src/catalogue/versions.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplateStore } from "../../src/render/template-store.ts";
import { optionsFor } from "../support/options.ts";

const store = loadTemplateStore();

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
    expect(file(`${src}/inngest/client.ts`)).toContain('new Inngest({ id: "my-app" })');
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
