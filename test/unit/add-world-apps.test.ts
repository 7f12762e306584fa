// Shapes met in public apps that `add` must take: monorepos, apps made by factories and chains,
// projects' own env templates, exact versions and Stripe endpoints. Each fixture is our own.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { PatternId } from "../../src/catalogue/patterns.ts";
import { detectProject, devServerPort } from "../../src/detect/detect-project.ts";
import { detectInngestSetup } from "../../src/detect/inngest-setup.ts";
import { findServerApp } from "../../src/detect/server-app.ts";
import { planAdd, type AddPlan } from "../../src/plan/add-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { applyPlan } from "../../src/write/apply-plan.ts";
import { tempDir } from "../support/project.ts";

const templates = loadTemplates();

async function projectWith(files: Record<string, string>): Promise<string> {
  const root = await tempDir("add-world");
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

function plan(root: string, patterns: PatternId[]): AddPlan {
  const project = detectProject(root);
  const server = project.framework === "express" || project.framework === "hono" ? findServerApp(root, project.framework) : undefined;
  return planAdd(project, detectInngestSetup(project), server, { patterns, force: false }, templates, (relative) => {
    const file = path.join(root, relative);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  });
}

const content = (p: AddPlan, file: string) => p.files.find((f) => f.path === file)?.content;
const pkg = (deps: Record<string, string>, dev: Record<string, string> = { typescript: "^5.9.0" }) => JSON.stringify({ name: "svc", private: true, type: "module", dependencies: deps, devDependencies: dev }, null, 2);
const bundler = JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", module: "ESNext" } });

describe("monorepos", () => {
  /** A bun-style workspace: TypeScript and the shared tsconfig only at the root. */
  const workspace = {
    "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["./api", "./web"], devDependencies: { turbo: "^2.0.0" }, peerDependencies: { typescript: "^5.7.0" } }),
    "bun.lock": "{}\n",
    "tsconfig.json": bundler,
    "api/package.json": JSON.stringify({ name: "api", dependencies: { hono: "^4.7.0" } }, null, 2),
    "api/src/index.ts": 'import { Hono } from "hono";\n\nconst app = new Hono();\n\nexport default app;\n',
    "web/package.json": JSON.stringify({ name: "web", dependencies: { react: "^19.0.0" } }),
  };

  it("finds TypeScript and the tsconfig up to the workspace root, and writes only inside the package", async () => {
    const root = await projectWith(workspace);
    const project = detectProject(path.join(root, "api"));
    expect(project.workspaceRoot).toBe(root);
    expect(project.typescript).toBe("../package.json");
    expect(project.tsconfig.file).toBe("../tsconfig.json");
    expect(project.packageManager).toBe("bun");
    const p = plan(path.join(root, "api"), ["durable-sleep"]);
    expect(p.files.map((f) => f.path).every((f) => !f.startsWith(".."))).toBe(true);
    expect(content(p, "src/index.ts")).toContain('import { inngest } from "./inngest/client";');
    expect(Object.keys(p.dependencies)).toEqual(["inngest", "zod"]);
    expect(content(p, "package.json")).toContain('"inngest"');
  });

  it("a package with neither TypeScript nor a tsconfig up to its workspace root says where it looked", async () => {
    const { "bun.lock": _bun, ...npmWorkspace } = workspace;
    const root = await projectWith({ ...npmWorkspace, "package.json": JSON.stringify({ name: "mono", workspaces: ["api"] }), "tsconfig.json": "{}" });
    writeFileSync(path.join(root, "tsconfig.json"), "{}");
    expect(() => plan(path.join(root, "api"), ["durable-sleep"])).toThrow(`no typescript dependency (looked in the package and up to the workspace root, ${root})`);
  });

  it("TypeScript run by Bun or tsx, without the typescript package, is TypeScript", async () => {
    const files = { "tsconfig.json": bundler, "src/index.ts": 'import { Hono } from "hono";\n\nconst app = new Hono();\n\nexport default app;\n' };
    const onBun = await projectWith({ ...files, "package.json": pkg({ hono: "^4.7.0" }, { "@types/bun": "^1.2.0" }) });
    expect(detectProject(onBun).typescript).toBe("Bun, which runs it");
    expect(content(plan(onBun, ["durable-sleep"]), "src/index.ts")).toContain('from "./inngest/client"');
    const onTsx = await projectWith({ ...files, "package.json": pkg({ hono: "^4.7.0", "@hono/node-server": "^1.14.0" }, { tsx: "^4.20.0" }) });
    expect(detectProject(onTsx).typescript).toBe("tsx, which runs it");
    expect(plan(onTsx, ["durable-sleep"]).files.length).toBeGreaterThan(0);
  });

  it("a package outside any workspace list does not borrow a parent folder's TypeScript", async () => {
    const root = await projectWith({ "package.json": pkg({}), "tools/api/package.json": JSON.stringify({ name: "api", dependencies: { hono: "^4.0.0" } }) });
    const project = detectProject(path.join(root, "tools/api"));
    expect([project.workspaceRoot, project.typescript, project.tsconfig.file]).toEqual([undefined, undefined, undefined]);
  });
});

describe("finding the app", () => {
  it("an OpenAPIHono app from factory functions in another module, imported through the @/ alias", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0", "@hono/zod-openapi": "^1.0.0" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", paths: { "@/*": ["./src/*"] } } }),
      "src/lib/make-app.ts":
        'import { OpenAPIHono } from "@hono/zod-openapi";\n\nexport function makeRouter() {\n  return new OpenAPIHono({ strict: false });\n}\n\nexport default function makeApp() {\n  const app = makeRouter();\n  return app;\n}\n',
      "src/routes/health.ts": 'import { makeRouter } from "@/lib/make-app";\n\nconst router = makeRouter().get("/health", (c) => c.text("ok"));\n\nexport default router;\n',
      "src/app.ts": 'import makeApp from "@/lib/make-app";\nimport health from "./routes/health";\n\nconst app = makeApp();\n\napp.route("/", health);\n\nexport default app;\n',
    });
    const server = findServerApp(root, "hono")!;
    expect(server).toMatchObject({ appName: "app", file: { path: "src/app.ts" }, frameworkName: "" });
    const app = content(plan(root, ["durable-sleep"]), "src/app.ts")!;
    expect(app).toContain('const app = makeApp();\n\napp.on(["GET", "POST", "PUT"], "/api/inngest", serve({ client: inngest, functions }));\n\napp.route("/", health);');
  });

  it("a factory of a factory in modules that never name Hono, imported by default", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0", "@hono/zod-openapi": "^1.0.0" }),
      "tsconfig.json": bundler,
      "src/lib/base.ts": 'import { OpenAPIHono } from "@hono/zod-openapi";\n\nexport default () => new OpenAPIHono();\n',
      "src/lib/make-app.ts": 'import base from "./base";\n\nexport function makeApp() {\n  const made = base();\n  return made;\n}\n',
      "src/server.ts": 'import { makeApp } from "./lib/make-app";\n\nconst api = makeApp();\n\nexport default api;\n',
      "src/unrelated.ts": "export const answer = () => 42;\n",
    });
    expect(findServerApp(root, "hono")).toMatchObject({ appName: "api", file: { path: "src/server.ts" } });
  });

  it('new Hono().basePath("/api") with chained .use(): routes mount below the base path, at the usual URLs', async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0" }),
      "tsconfig.json": bundler,
      "src/index.ts": 'import { Hono } from "hono";\nimport { logger } from "hono/logger";\n\nexport const app = new Hono().basePath("/api").use(logger());\n\napp.get("/", (c) => c.text("hi"));\n',
    });
    expect(findServerApp(root, "hono")).toMatchObject({ appName: "app", basePath: "/api" });
    const p = plan(root, ["durable-sleep", "webhook"]);
    const index = content(p, "src/index.ts")!;
    expect(index).toContain('app.on(["GET", "POST", "PUT"], "/inngest", serve({ client: inngest, functions }));');
    expect(index).toContain('app.post("/webhooks/stripe", async (c) => {');
    expect(p.servePath).toBe("/api/inngest");
  });

  it("another base path is kept, and said: Inngest answers below it", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0" }),
      "tsconfig.json": bundler,
      "src/index.ts": 'import { Hono } from "hono";\n\nconst app = new Hono().basePath("/v1");\n\nexport default app;\n',
    });
    const p = plan(root, ["durable-sleep"]);
    expect(content(p, "src/index.ts")).toContain('"/api/inngest"');
    expect(p.servePath).toBe("/v1/api/inngest");
    expect(p.notices.join("\n")).toContain('basePath("/v1"): Inngest answers at /v1/api/inngest');
  });

  it("the app, not a sub-router made the same way, even when the sub-router's file comes first", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0" }),
      "tsconfig.json": bundler,
      "src/a-users.ts": 'import { Hono } from "hono";\n\nexport const usersRouter = new Hono();\nusersRouter.get("/", (c) => c.json([]));\n',
      "src/main.ts": 'import { Hono } from "hono";\nimport { usersRouter } from "./a-users";\n\nconst server = new Hono();\nserver.route("/users", usersRouter);\n\nexport default { fetch: server.fetch };\n',
    });
    expect(findServerApp(root, "hono")).toMatchObject({ appName: "server", file: { path: "src/main.ts" } });
  });

  it("an Express app from a factory of the project: express is imported where the app is, for express.json", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^5.1.0" }),
      "tsconfig.json": bundler,
      "src/make-server.ts": 'import express from "express";\n\nexport const makeServer = () => express();\n',
      "src/index.ts": 'import { makeServer } from "./make-server";\n\nconst app = makeServer();\napp.listen(3000);\n',
    });
    const index = content(plan(root, ["durable-sleep"]), "src/index.ts")!;
    expect(index).toContain('import express from "express";');
    expect(index).toContain('app.use("/api/inngest", express.json({ limit: "10mb" }), serve({ client: inngest, functions }));');
  });

  it("an Express app made through a namespace import (TypeScript without esModuleInterop): mounted with that name", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^4.21.0" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "commonjs", target: "es2022" } }),
      "src/index.ts": "import * as express from 'express'\nimport * as path from 'path'\n\nconst app = express()\napp.use(express.static(path.join(__dirname, 'public')))\napp.listen(3000)\n",
    });
    const index = content(plan(root, ["durable-sleep"]), "src/index.ts")!;
    expect(index).toContain("const app = express()\n\n// Inngest sends events and step state in the request body: the 100 kB default is too small.\napp.use('/api/inngest', express.json({ limit: '10mb' }), serve({ client: inngest, functions }))\n");
    expect(index).not.toContain("import express from");
  });

  it("an app that truly can't be found: the lines to paste and where, nothing planned; pasted, the next add creates what they import", async () => {
    const root = await projectWith({
      "package.json": JSON.stringify({ name: "svc", type: "module", scripts: { dev: "tsx watch src/server.ts" }, dependencies: { hono: "^4.7.0" }, devDependencies: { typescript: "^5.9.0" } }),
      "tsconfig.json": bundler,
      "src/server.ts": 'import { Hono } from "hono";\n\nexport default new Hono().get("/", (c) => c.text("hi"));\n',
    });
    let message = "";
    try {
      plan(root, ["durable-sleep"]);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain("Could not find where the Hono app is created");
    expect(message).toContain("Nothing was changed.");
    expect(message).toContain("the paths are as seen from src/server.ts");
    expect(message).toContain('  import { serve } from "inngest/hono";\n  import { inngest } from "./inngest/client";\n  import { functions } from "./inngest/functions";\n');
    expect(message).toContain('  app.on(["GET", "POST", "PUT"], "/api/inngest", serve({ client: inngest, functions }));');
    expect(message).toContain("Then run add again: it finds that serve() and creates the client and functions it imports (src/inngest/client.ts, src/inngest/functions/index.ts).");

    // The user does as told: the app in a variable, the lines pasted.
    writeFileSync(
      path.join(root, "src/server.ts"),
      'import { Hono } from "hono";\nimport { serve } from "inngest/hono";\nimport { inngest } from "./inngest/client";\nimport { functions } from "./inngest/functions";\n\nconst app = new Hono().get("/", (c) => c.text("hi"));\napp.on(["GET", "POST", "PUT"], "/api/inngest", serve({ client: inngest, functions }));\n\nexport default app;\n',
    );
    const setup = detectInngestSetup(detectProject(root));
    expect(setup.serve?.awaits).toEqual({ client: "src/inngest/client.ts", functions: "src/inngest/functions/index.ts" });
    const p = plan(root, ["durable-sleep"]);
    expect(p.setsUpInngest).toBe(true);
    expect(p.files.filter((f) => f.action !== "skip").map((f) => `${f.action} ${f.path}`)).toEqual([
      "create .env.example",
      "update package.json",
      "create src/inngest/client.ts",
      "create src/inngest/events.ts",
      "create src/inngest/functions/index.ts",
      "create src/inngest/functions/welcome-drip.test.ts",
      "create src/inngest/functions/welcome-drip.ts",
      "create src/services/email.ts",
      "create src/services/users.ts",
      "create vitest.config.ts",
    ]);
    // The user's file is not touched a second time: the serve route is theirs now.
    expect(p.files.some((f) => f.path === "src/server.ts")).toBe(false);
    await applyPlan(p);
    const after = detectInngestSetup(detectProject(root));
    expect(after.serve?.functionsList?.names).toEqual(["welcomeDrip"]);
    expect(after.client?.file).toBe("src/inngest/client.ts");
  });
});

describe("the project's own settings", () => {
  const express = {
    "package.json": pkg({ express: "^5.1.0" }),
    "tsconfig.json": bundler,
    "src/index.ts": 'import express from "express";\n\nconst app = express();\napp.listen(3000);\n',
  };

  it("an .env.template is the list the variables go to; no .env.example beside it", async () => {
    const root = await projectWith({ ...express, ".env.template": "PORT=3000\n", ".gitignore": ".env*\n" });
    const p = plan(root, ["durable-sleep"]);
    expect(p.files.some((f) => f.path === ".env.example")).toBe(false);
    expect(content(p, ".env.template")).toMatch(/^PORT=3000\n\n# .*\nINNGEST_DEV=1\n/);
    expect(content(p, ".gitignore")).toMatch(/\n!\.env\.template\n$/);
  });

  it("the next steps' dev server URL uses the port the dev script serves on", async () => {
    const port = async (dev: string | undefined, deps: Record<string, string> = { express: "^5.1.0" }) =>
      devServerPort(detectProject(await projectWith({ ...express, "package.json": JSON.stringify({ name: "svc", type: "module", scripts: dev ? { dev } : {}, dependencies: deps, devDependencies: { typescript: "^5.9.0" } }) })));
    expect(await port("next dev --port 3001", { next: "^16.0.0", react: "^19.0.0" })).toBe(3001);
    expect(await port("next dev -p 4000", { next: "^16.0.0", react: "^19.0.0" })).toBe(4000);
    expect(await port("PORT=3100 tsx watch src/index.ts")).toBe(3100);
    expect(await port("wrangler dev", { hono: "^4.7.0" })).toBe(8787);
    expect(await port("tsx watch src/index.ts")).toBe(3000);
  });

  it("a TypeScript older than 5.8 is raised within 5 (inngest 4 peers on 5.8; older, event.data reads as {}), an exact pin to an exact release", async () => {
    const pinned = plan(await projectWith({ ...express, "package.json": pkg({ express: "^5.1.0" }, { typescript: "5.0.2" }) }), ["durable-sleep"]);
    expect(pinned.devDependencies.typescript).toBe("5.8.3");
    expect(JSON.parse(content(pinned, "package.json")!).devDependencies.typescript).toBe("5.8.3");
    expect(pinned.notices).toContainEqual(expect.stringMatching(/^typescript 5\.0\.2 → 5\.8\.3: inngest 4 peers on TypeScript 5\.8/));
    const tilde = plan(await projectWith({ ...express, "package.json": pkg({ express: "^5.1.0" }, { typescript: "~5.4.5" }) }), ["durable-sleep"]);
    expect(tilde.devDependencies.typescript).toBe("^5.8.0");
    const four = plan(await projectWith({ ...express, "package.json": pkg({ express: "^5.1.0" }, { typescript: "^4.9.5" }) }), ["durable-sleep"]);
    expect(four.devDependencies.typescript).toBeUndefined();
    expect(four.notices).toContainEqual(expect.stringMatching(/moving to 5 is a major upgrade, yours to make/));
    expect(plan(await projectWith(express), ["durable-sleep"]).devDependencies.typescript).toBeUndefined();
  });

  it("an .env.local.example, when it is the project's only list, takes the variables; a .gitignore that already un-ignores examples by a pattern is left alone", async () => {
    const root = await projectWith({ ...express, ".env.local.example": "PORT=3100\n", ".gitignore": "node_modules\n.env*\n!*.example\n" });
    const p = plan(root, ["durable-sleep"]);
    expect(p.files.some((f) => f.path === ".env.example")).toBe(false);
    expect(content(p, ".env.local.example")).toMatch(/^PORT=3100\n\n# .*\nINNGEST_DEV=1\n/);
    expect(p.files.some((f) => f.path === ".gitignore")).toBe(false);
  });

  it("a variable listed commented out (as create lists INNGEST_SERVE_ORIGIN) counts as listed", async () => {
    const root = await projectWith({ ...express, ".env.example": "INNGEST_DEV=1\nINNGEST_EVENT_KEY=\n# INNGEST_SIGNING_KEY=signkey-prod-...\n" });
    const p = plan(root, ["durable-sleep"]);
    expect(p.files.some((f) => f.path === ".env.example")).toBe(false);
    // Not listed at all: added.
    const missing = plan(await projectWith({ ...express, ".env.example": "INNGEST_DEV=1\nINNGEST_EVENT_KEY=\n" }), ["durable-sleep"]);
    expect(content(missing, ".env.example")).toMatch(/\nINNGEST_SIGNING_KEY=\n$/);
  });

  it("save-exact in the workspace root's .npmrc: added packages get exact versions", async () => {
    const root = await projectWith({ ".npmrc": "save-exact=true\n", "package-lock.json": "{}", "package.json": JSON.stringify({ name: "m", workspaces: ["svc"] }), ...Object.fromEntries(Object.entries(express).map(([k, v]) => [`svc/${k}`, v])) });
    const p = plan(path.join(root, "svc"), ["durable-sleep"]);
    expect(Object.values({ ...p.dependencies, ...p.devDependencies }).every((v) => /^\d/.test(v))).toBe(true);
    expect(detectProject(path.join(root, "svc")).saveExact).toBe("../.npmrc");
    const without = await projectWith(express);
    expect(Object.values(plan(without, ["durable-sleep"]).dependencies).every((v) => v.startsWith("^"))).toBe(true);
  });

  it("bun's exact = true in bunfig.toml counts too", async () => {
    const root = await projectWith({ ...express, "bunfig.toml": "[install]\nexact = true\n" });
    expect(detectProject(root).saveExact).toBe("bunfig.toml");
  });

  it("a Stripe webhook of the project's own keeps its secret: the new endpoint reads another variable", async () => {
    const root = await projectWith({
      ...express,
      "src/billing/stripe-hook.ts": 'export const secret = () => process.env.STRIPE_WEBHOOK_SECRET ?? "";\n',
      ".env.example": "STRIPE_WEBHOOK_SECRET=\n",
    });
    const p = plan(root, ["webhook"]);
    expect(p.env.map((v) => v.key)).toContain("STRIPE_INNGEST_WEBHOOK_SECRET");
    expect(content(p, ".env.example")).toContain("\nSTRIPE_INNGEST_WEBHOOK_SECRET=\n");
    expect(content(p, "src/webhooks/stripe.ts")).toContain("process.env.STRIPE_INNGEST_WEBHOOK_SECRET");
    expect(content(p, "src/webhooks/stripe.ts")).not.toContain("STRIPE_WEBHOOK_SECRET");
    expect(content(p, "src/webhooks/stripe.test.ts")).toContain('vi.stubEnv("STRIPE_INNGEST_WEBHOOK_SECRET"');
    expect(p.notices).toEqual(["src/billing/stripe-hook.ts already reads STRIPE_WEBHOOK_SECRET; the new Stripe endpoint has its own signing secret, read from STRIPE_INNGEST_WEBHOOK_SECRET."]);
    // Without one, the usual name.
    expect(plan(await projectWith(express), ["webhook"]).env.map((v) => v.key)).toContain("STRIPE_WEBHOOK_SECRET");
  });
});

describe("edits in the project's style", () => {
  it("a tab-indented file without semicolons, with single quotes: the inserted lines are written the same way", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0" }),
      "tsconfig.json": bundler,
      "src/index.ts": "import { Hono } from 'hono'\n\nexport function build() {\n\tconst app = new Hono()\n\tapp.get('/', (c) => c.text('hi'))\n\treturn app\n}\n",
    });
    const index = content(plan(root, ["webhook"]), "src/index.ts")!;
    expect(index).toContain("import { serve } from 'inngest/hono'\nimport { inngest } from './inngest/client'\n");
    expect(index).toContain(
      [
        "\tconst app = new Hono()",
        "",
        "\tapp.on(['GET', 'POST', 'PUT'], '/api/inngest', serve({ client: inngest, functions }))",
        "",
        "\t// The signature covers the exact bytes sent, so the handler gets the raw body.",
        "\tapp.post('/api/webhooks/stripe', async (c) => {",
        "\t\tconst { status, body } = await receiveStripeWebhook(await c.req.text(), c.req.header('stripe-signature'))",
        "\t\treturn c.json(body, status)",
        "\t})",
      ].join("\n"),
    );
  });

  it("new files follow the project's Prettier settings", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^5.1.0" }),
      "tsconfig.json": bundler,
      ".prettierrc.json": JSON.stringify({ semi: false, singleQuote: true, useTabs: true }),
      "src/index.ts": 'import express from "express";\n\nconst app = express();\napp.listen(3000);\n',
    });
    const p = plan(root, ["durable-sleep"]);
    const fn = content(p, "src/inngest/functions/welcome-drip.ts")!;
    expect(fn).toMatch(/^import \{ inngest \} from '\.\.\/client'$/m);
    expect(fn).toMatch(/^\t\w/m);
    expect(fn).not.toMatch(/;$/m);
    // The edited file keeps its own habits (double quotes, semicolons), which are not the formatter's.
    expect(content(p, "src/index.ts")).toContain('app.use("/api/inngest", express.json({ limit: "10mb" }), serve({ client: inngest, functions }));');
  });

  it("two functions of one module are imported in one declaration", async () => {
    const root = await projectWith({
      "package.json": pkg({ next: "^16.0.0", inngest: "^4.1.0", zod: "^4.0.0" }),
      "tsconfig.json": bundler,
      "src/inngest/client.ts": 'import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "shop" });\n',
      "src/inngest/functions/index.ts": "export const functions = [];\n",
      "src/app/api/inngest/route.ts":
        'import { serve } from "inngest/next";\nimport { inngest } from "../../../inngest/client";\nimport { functions } from "../../../inngest/functions";\n\nexport const { GET, POST, PUT } = serve({ client: inngest, functions });\n',
    });
    const list = content(plan(root, ["cron-fan-out"]), "src/inngest/functions/index.ts")!;
    expect(list).toBe('import { scheduleDailyDigests, sendDigest } from "./daily-digest";\n\nexport const functions = [scheduleDailyDigests, sendDigest];\n');
  });

  it("`typeof import(…)` in a test moves with the files when the client lives elsewhere", async () => {
    const root = await projectWith({
      "package.json": pkg({ next: "^16.0.0", inngest: "^4.1.0", zod: "^4.0.0" }),
      "tsconfig.json": bundler,
      "lib/queue/client.ts": 'import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "shop" });\n',
      "app/api/inngest/route.ts": 'import { serve } from "inngest/next";\nimport { inngest } from "../../../lib/queue/client";\n\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [] });\n',
    });
    const test = content(plan(root, ["cron-fan-out"]), "lib/queue/functions/daily-digest.test.ts")!;
    expect(test).toContain('importOriginal<typeof import("../../../services/users")>()');
    expect(test).toContain('vi.mock("../../../services/users",');
  });

  it("a file add created that the project's formatter rewrote is still the same file for the next add", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^5.1.0" }),
      "tsconfig.json": bundler,
      "src/index.ts": 'import express from "express";\n\nconst app = express();\napp.listen(3000);\n',
    });
    await applyPlan(plan(root, ["durable-sleep"]));
    const users = path.join(root, "src/services/users.ts");
    // As a formatter with a narrow print width and no trailing commas would leave it.
    writeFileSync(users, readFileSync(users, "utf8").replace(/, /g, ",\n    ").replace(/,(\s*[)\]}])/g, "$1"));
    const next = plan(root, ["cron-fan-out"]).files.find((f) => f.path === "src/services/users.ts")!;
    expect(next).toMatchObject({ action: "skip", reason: "already there, formatted" });
  });
});

describe("a tsconfig whose parent is not installed yet", () => {
  it("a config package of the workspace is read from its folder", async () => {
    const root = await projectWith({
      "package.json": JSON.stringify({ name: "mono", private: true, workspaces: ["apps/*", "packages/*"] }),
      "pnpm-lock.yaml": "",
      "packages/ts-config/package.json": JSON.stringify({ name: "@acme/ts-config", exports: { "./node": "./node.json" } }),
      "packages/ts-config/node.json": JSON.stringify({ compilerOptions: { module: "NodeNext", strict: true } }),
      "apps/api/package.json": pkg({ express: "^5.1.0" }),
      "apps/api/tsconfig.json": JSON.stringify({ extends: "@acme/ts-config/node", compilerOptions: { outDir: "dist" } }),
      "apps/api/src/index.ts": 'import express from "express";\n\nconst app = express();\napp.listen(3000);\n',
    });
    const project = detectProject(path.join(root, "apps/api"));
    expect(project.tsconfig).toMatchObject({ importExtension: ".js" });
    expect(project.tsconfig.unresolvedExtends).toBeUndefined();
    expect(content(plan(path.join(root, "apps/api"), ["durable-sleep"]), "src/index.ts")).toContain('import { inngest } from "./inngest/client.js";');
  });

  it("@tsconfig/node22 not installed: Node's resolution, so .js", async () => {
    const root = await projectWith({ "package.json": pkg({ express: "^5.1.0" }), "tsconfig.json": JSON.stringify({ extends: "@tsconfig/node22/tsconfig.json" }) });
    expect(detectProject(root).tsconfig.importExtension).toBe(".js");
  });

  it("an unknown parent: imports end as the project's own do, and the finding says so", async () => {
    const root = await projectWith({
      "package.json": pkg({ hono: "^4.7.0" }),
      "tsconfig.json": JSON.stringify({ extends: "@corp/strict-config" }),
      "src/index.ts": 'import { Hono } from "hono";\nimport { routes } from "./routes.js";\nimport "./styles.css";\n\nconst app = new Hono();\napp.route("/", routes);\n',
      "src/routes.ts": 'import { Hono } from "hono";\nimport { db } from "./db.js";\n\nexport const routes = new Hono().get("/", (c) => c.json(db));\n',
      "src/db.ts": "export const db = {};\n",
    });
    const project = detectProject(root);
    expect(project.tsconfig).toMatchObject({ importExtension: ".js", unresolvedExtends: ["@corp/strict-config"], importExtensionEvidence: "2 relative imports of the project end in .js" });
    expect(content(plan(root, ["durable-sleep"]), "src/index.ts")).toContain('import { functions } from "./inngest/functions/index.js";');
  });
});

describe("beside the project's own tooling", () => {
  it("Jest and a tsconfig rootDir of src/: vitest runs only add's tests, from a JavaScript config tsc does not compile", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^5.1.0" }, { typescript: "^5.9.0", jest: "^30.0.0", "ts-jest": "^29.0.0" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { module: "CommonJS", moduleResolution: "node", rootDir: "./src", outDir: "./dist" } }),
      "src/app.ts": 'import express from "express";\n\nconst app = express();\n\nexport default app;\n',
      "src/__tests__/app.test.ts": 'describe("app", () => { it("loads", () => {}); });\n',
    });
    const p = plan(root, ["webhook"]);
    expect(p.files.some((f) => f.path === "vitest.config.ts")).toBe(false);
    expect(content(p, "vitest.config.mjs")).toContain('include: ["src/inngest/**/*.test.ts", "src/webhooks/**/*.test.ts"]');
    expect(p.notices.join("\n")).toContain('add "<rootDir>/src/inngest/" and "<rootDir>/src/webhooks/" to its testPathIgnorePatterns');
  });

  it("a rootDir with an include of its own folder only: the usual TypeScript config", async () => {
    const root = await projectWith({
      "package.json": pkg({ express: "^5.1.0" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { rootDir: "src" }, include: ["src/**/*"] }),
      "src/app.ts": 'import express from "express";\n\nconst app = express();\n',
    });
    expect(content(plan(root, ["durable-sleep"]), "vitest.config.ts")).toContain('include: ["src/**/*.test.ts"]');
  });
});
