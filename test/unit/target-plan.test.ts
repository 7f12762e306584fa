import { describe, expect, it } from "vitest";
import { frameworkIds, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import type { PatternId } from "../../src/catalogue/patterns.ts";
import { deployTargetIds, frameworkOn, targets, type TargetId } from "../../src/catalogue/targets.ts";
import { isUserError } from "../../src/errors.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { detectTarget, planTarget, type MadeWith } from "../../src/plan/target-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { fixedEngineKeys, optionsFor } from "../support/options.ts";

const store = loadTemplates();
const patterns: PatternId[] = ["durable-sleep", "webhook"];

/** A project as `create` writes it, as a map of files (what add reads). */
function created(framework: FrameworkId, target: TargetId): Map<string, string> {
  const options = optionsFor(framework, { target, patterns });
  return new Map(planCreate(options, "/p", store, undefined, fixedEngineKeys).files.map((f) => [f.path, f.content]));
}

const made = (framework: FrameworkId): MadeWith => ({ framework, projectName: "my-app", appId: "my-app", packageManager: "npm", patterns });

function add(framework: FrameworkId, to: TargetId, project: Map<string, string>, force = false) {
  const plan = planTarget(made(framework), to, "/p", (file) => project.get(file), store, fixedEngineKeys, force);
  for (const f of plan.files) if (f.action === "create" || f.action === "update") project.set(f.path, f.content);
  return plan;
}

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
  throw new Error("expected a refusal");
}

const pairs = frameworkIds.flatMap((framework) => deployTargetIds.filter((t) => targets[t].supports.includes(framework)).map((target) => ({ framework, target })));
const olderMajor = pairs.filter(({ framework, target }) => frameworkOn(framework, target).olderMajor);

describe("add --target on a project made with Decide later", () => {
  it.each(pairs)("$framework → $target: the files create writes for the target, then nothing on a second run", ({ framework, target }) => {
    const project = created(framework, "none");
    expect(detectTarget(made(framework), (f) => project.get(f), store, fixedEngineKeys)).toBe("none");
    const plan = add(framework, target, project);
    expect(plan.outcome).toBe("add");
    expect(plan.files.filter((f) => f.action === "conflict")).toEqual([]);

    // Every file is what `create --target <id>` writes (the self-hosted .env holds keys made per run).
    const direct = created(framework, target);
    for (const [file, content] of direct) expect(project.get(file), file).toBe(content);
    // Files the target does without stay, and are named.
    const leftOver = [...project.keys()].filter((file) => !direct.has(file));
    if (leftOver.length > 0) expect(plan.notices.join("\n")).toContain(leftOver.join(", "));

    const again = add(framework, target, project);
    expect(again.outcome).toBe("already");
    expect(again.files).toEqual([]);
  });

  it("moves a project to the previous major exactly where create generates it, and says so in the plan", () => {
    expect(olderMajor.map(({ framework, target }) => `${framework} on ${target}`)).toEqual([
      "remix on vercel",
      "sveltekit on vercel",
      "sveltekit on netlify",
      "sveltekit on cloudflare-workers",
    ]);
    for (const { framework, target } of pairs) {
      const project = created(framework, "none");
      const plan = planTarget(made(framework), target, "/p", (f) => project.get(f), store, fixedEngineKeys);
      expect(plan.movesTo?.major, `${framework} on ${target}`).toBe(frameworkOn(framework, target).olderMajor?.major);
    }
    // A framework package the user changed is theirs: a conflict, not a silent move.
    const project = created("sveltekit", "none");
    const pkg = JSON.parse(project.get("package.json")!);
    pkg.devDependencies["@sveltejs/kit"] = "^3.9.0";
    project.set("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
    const plan = planTarget(made("sveltekit"), "vercel", "/p", (f) => project.get(f), store, fixedEngineKeys);
    expect(plan.files.find((f) => f.path === "package.json")).toMatchObject({ action: "conflict", reason: expect.stringContaining("devDependencies.@sveltejs/kit") });
  });

  it("refuses a second, different target, saying why; the project is unchanged", () => {
    const project = created("hono", "none");
    add("hono", "railway", project);
    const before = new Map(project);
    const message = refusal(() => add("hono", "fly-io", project));
    expect(message).toContain("already deploys to Railway");
    expect(message).toContain("does not switch targets");
    expect(project).toEqual(before);
    // A project made with a target from the start is the same.
    expect(refusal(() => add("next", "netlify", created("next", "vercel")))).toContain("already deploys to Vercel");
  });

  it("refuses a target that does not fit the framework, with the reason", () => {
    expect(refusal(() => add("express", "cloudflare-workers", created("express", "none")))).toContain("Node's HTTP server");
  });

  it("keeps the user's changes: package.json key by key, .gitignore lines, env keys and README sections merge", () => {
    const project = created("hono", "none");
    const pkg = JSON.parse(project.get("package.json")!);
    pkg.dependencies.nanoid = "^5.0.0";
    pkg.scripts.lint = "eslint .";
    project.set("package.json", `${JSON.stringify(pkg, null, 2)}\n`);
    project.set(".gitignore", `${project.get(".gitignore")}coverage/\n`);
    project.set(".env.example", `${project.get(".env.example")}\n# mine\nMY_KEY=1\n`);
    project.set("README.md", project.get("README.md")!.replace("## Test", "## Test\n\nOur own notes.\n"));
    const plan = add("hono", "cloudflare-workers", project);
    expect(plan.files.filter((f) => f.action === "conflict")).toEqual([]);
    const merged = JSON.parse(project.get("package.json")!);
    expect(merged.dependencies).toHaveProperty("nanoid", "^5.0.0");
    expect(merged.dependencies).not.toHaveProperty("@hono/node-server");
    expect(merged.scripts).toMatchObject({ lint: "eslint .", dev: "wrangler dev" });
    expect(merged.devDependencies).toHaveProperty("wrangler");
    expect(plan.devDependencies).toHaveProperty("wrangler");
    expect(project.get(".gitignore")).toMatch(/coverage\/\n[\s\S]*\.wrangler\//);
    expect(project.get("README.md")).toContain("Our own notes.");
    expect(project.get("README.md")).toContain("## Deploy to Cloudflare Workers");
    expect(project.get(".env.example")).toContain("MY_KEY=1");
  });

  it("adds the keys a target needs to an env file the user has, never replacing a value", () => {
    const project = created("express", "none");
    project.set(".env", "INNGEST_EVENT_KEY=mine\n");
    add("express", "self-hosted", project);
    const env = project.get(".env")!;
    expect(env).toMatch(/^INNGEST_EVENT_KEY=mine\n/);
    expect(env.match(/^INNGEST_EVENT_KEY=/gm)).toHaveLength(1);
    expect(env).toMatch(/^INNGEST_SIGNING_KEY=signkey-/m);
    expect(env).toMatch(/^POSTGRES_PASSWORD=/m);
    expect(project.get(".env.example")).toContain("INNGEST_SERVE_ORIGIN=");
  });

  it("a file the user changed where the target changes it is a conflict (shown, nothing applied); --force replaces it", () => {
    const project = created("express", "none");
    project.set("src/app.ts", `${project.get("src/app.ts")}\n// our route\n`);
    const plan = planTarget(made("express"), "vercel", "/p", (f) => project.get(f), store, fixedEngineKeys);
    expect(plan.files.filter((f) => f.action === "conflict").map((f) => f.path)).toEqual(["src/app.ts"]);
    const forced = add("express", "vercel", project, true);
    expect(forced.files.find((f) => f.path === "src/app.ts")).toMatchObject({ action: "update", reason: "replaced (--force)" });
  });

  it("finds the package manager create was given when no lockfile tells (made without an install)", () => {
    const project = new Map(planCreate(optionsFor("hono", { target: "none", patterns, packageManager: "pnpm" }), "/p", store, undefined, fixedEngineKeys).files.map((f) => [f.path, f.content]));
    // add reads no lockfile, so it would say npm; the files say pnpm.
    add("hono", "fly-io", project);
    const direct = planCreate(optionsFor("hono", { target: "fly-io", patterns, packageManager: "pnpm" }), "/p", store, undefined, fixedEngineKeys).files;
    for (const f of direct) expect(project.get(f.path), f.path).toBe(f.content);
    expect(project.get("Dockerfile")).toContain("pnpm install --frozen-lockfile");
  });

  it("refuses a project create did not make, changing nothing", () => {
    const project = new Map([["package.json", '{ "name": "mine", "dependencies": { "hono": "^4.0.0" } }\n'], ["src/index.ts", "export {};\n"]]);
    expect(refusal(() => add("hono", "railway", project))).toContain("works on projects made by create-inngest-app");
  });
});
