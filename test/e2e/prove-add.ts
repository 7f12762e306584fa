import { createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import type { FrameworkId } from "../../src/catalogue/frameworks.ts";
import { functionCount, type PatternId } from "../../src/catalogue/patterns.ts";
import { versions } from "../../src/catalogue/versions.ts";
import { startFakeInngest, type FakeInngest } from "../support/fake-inngest.ts";
import { projectEnv, runCli, startServer, tempDir, type RunningServer } from "../support/project.ts";
import { executorSamples } from "./pattern-samples.ts";

/**
 * `add` on projects made by the frameworks' own create tools (offline: they ship their templates),
 * by hand in common styles, and by our own `create`. Each is installed for real, committed to
 * git, changed by `add`, then type-checked, tested, built, started and asked for its functions.
 */
interface AddCase {
  name: string;
  framework: FrameworkId;
  /** Writes the project into `parent`; returns its directory. */
  make(parent: string, env: NodeJS.ProcessEnv): Promise<string>;
  patterns: PatternId[];
  /** Functions the app serves before add. */
  functionsBefore: number;
  /** The app id the Inngest client uses (for executor calls). */
  appId: string;
  typecheck: string[];
  build: string;
  start: { script: string; args?: (port: number) => string[] };
  /** Files of the user's, written before add, that add must leave exactly as they are. */
  usersFiles?: Record<string, string>;
  /**
   * Serve with the `dev` script, the variables only in `.env.local` as the next steps say (not in
   * the shell): proves they reach the server code.
   */
  devWithEnvFile?: boolean;
}

const write = (root: string, files: Record<string, string>) => {
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
};
const json = (value: object) => `${JSON.stringify(value, null, 2)}\n`;
const webhookSecret = "whsec_add_e2e";

export const addCases: Record<"next" | "sveltekit" | "express" | "hono" | "remix" | "ours", AddCase> = {
  next: {
    name: "create-next-app (App Router, src/, @/* alias) with Inngest already set up in non-standard places",
    framework: "next",
    async make(parent, env) {
      await execa("npx", ["--yes", "create-next-app@16", "web", "--ts", "--app", "--src-dir", "--no-eslint", "--no-tailwind", "--import-alias", "@/*", "--use-npm", "--skip-install", "--disable-git", "--yes", "--empty"], { cwd: parent, env });
      const root = path.join(parent, "web");
      const pkg = JSON.parse(await import("node:fs").then((fs) => fs.readFileSync(path.join(root, "package.json"), "utf8")));
      pkg.dependencies = { ...pkg.dependencies, inngest: versions.inngest };
      write(root, {
        "package.json": json(pkg),
        "src/lib/queue/index.ts": 'import { Inngest } from "inngest";\n\n// One client for the whole app.\nexport const client = new Inngest({ id: "storefront" });\n',
        "src/lib/queue/jobs/hello.ts":
          'import { client } from "@/lib/queue";\n\nexport const hello = client.createFunction(\n  { id: "hello", triggers: [{ event: "app/hello" }], retries: 1 },\n  async ({ step }) => step.run("say-hello", () => "hi"),\n);\n',
        "src/app/api/inngest/route.ts":
          'import { serve } from "inngest/next";\nimport { client } from "@/lib/queue"; // our client\nimport { hello } from "@/lib/queue/jobs/hello";\n\nexport const { GET, POST, PUT } = serve({\n  client,\n  functions: [\n    hello, // keep first\n  ],\n});\n',
      });
      return root;
    },
    patterns: ["durable-sleep", "webhook"],
    functionsBefore: 1,
    appId: "storefront",
    typecheck: ["npx next typegen", "npx tsc --noEmit"],
    build: "npm run build",
    start: { script: "start" },
  },
  sveltekit: {
    name: "sv create (SvelteKit minimal, TypeScript)",
    framework: "sveltekit",
    async make(parent, env) {
      await execa("npx", ["--yes", "sv@latest", "create", "kit", "--template", "minimal", "--types", "ts", "--no-add-ons", "--no-install"], { cwd: parent, env });
      return path.join(parent, "kit");
    },
    patterns: ["wait-for-event", "webhook"],
    functionsBefore: 0,
    appId: "kit",
    devWithEnvFile: true,
    typecheck: ["npm run check"],
    build: "npm run build",
    // adapter-auto builds for no platform here; vite preview serves the build.
    start: { script: "preview", args: (port) => ["--port", String(port), "--host", "127.0.0.1", "--strictPort"] },
  },
  express: {
    name: "an Express app written by hand (NodeNext, .js imports, tsc build)",
    framework: "express",
    async make(parent) {
      const root = path.join(parent, "orders-api");
      write(root, {
        ".gitignore": "node_modules\ndist\n",
        "package.json": json({
          name: "orders-api",
          private: true,
          type: "module",
          scripts: { dev: "tsx watch src/index.ts", build: "tsc", start: "node dist/index.js" },
          dependencies: { express: versions.express },
          devDependencies: { "@types/express": versions["@types/express"], "@types/node": versions["@types/node"], tsx: versions.tsx, typescript: versions.typescript },
        }),
        "tsconfig.json": json({ compilerOptions: { target: "ES2022", module: "NodeNext", strict: true, outDir: "dist", rootDir: "src", skipLibCheck: true }, include: ["src"] }),
        "src/index.ts":
          'import express from "express";\nimport { health } from "./routes/health.js";\n\nconst app = express();\napp.use(express.json());\napp.use("/health", health);\n\nconst port = Number(process.env.PORT ?? 3000);\napp.listen(port, () => console.log(`listening on ${port}`));\n',
        "src/routes/health.ts": 'import { Router } from "express";\n\nexport const health = Router();\nhealth.get("/", (_req, res) => {\n  res.json({ ok: true });\n});\n',
      });
      return root;
    },
    patterns: ["multi-step", "webhook"],
    functionsBefore: 0,
    appId: "orders-api",
    typecheck: ["npx tsc --noEmit"],
    build: "npm run build",
    start: { script: "start" },
  },
  hono: {
    name: "a Hono app in create-hono's Node style (serve from @hono/node-server, verbatimModuleSyntax)",
    framework: "hono",
    async make(parent) {
      const root = path.join(parent, "edge-api");
      write(root, {
        ".gitignore": "node_modules\ndist\n",
        "package.json": json({
          name: "edge-api",
          type: "module",
          scripts: { dev: "tsx watch src/index.ts", build: "tsc", start: "node dist/index.js" },
          dependencies: { "@hono/node-server": versions["@hono/node-server"], hono: versions.hono },
          devDependencies: { "@types/node": versions["@types/node"], tsx: versions.tsx, typescript: versions.typescript },
        }),
        "tsconfig.json": json({
          compilerOptions: { target: "ESNext", module: "NodeNext", strict: true, verbatimModuleSyntax: true, skipLibCheck: true, types: ["node"], jsx: "react-jsx", jsxImportSource: "hono/jsx", rootDir: "./src", outDir: "./dist" },
          include: ["src"],
        }),
        "src/index.ts":
          "import { serve } from '@hono/node-server'\nimport { Hono } from 'hono'\n\nconst app = new Hono()\n\napp.get('/', (c) => {\n  return c.text('Hello Hono!')\n})\n\nserve({\n  fetch: app.fetch,\n  port: Number(process.env.PORT ?? 3000)\n}, (info) => {\n  console.log(`Server is running on http://localhost:${info.port}`)\n})\n",
      });
      return root;
    },
    patterns: ["cron-fan-out"],
    functionsBefore: 0,
    appId: "edge-api",
    typecheck: ["npx tsc --noEmit"],
    build: "npm run build",
    start: { script: "start" },
  },
  remix: {
    name: 'a React Router app written by hand (appDirectory "src", routes.ts, ~/* alias, verbatimModuleSyntax, zod 3 below 3.25)',
    framework: "remix",
    async make(parent) {
      const root = path.join(parent, "notes");
      const rr = versions["react-router"];
      write(root, {
        ".gitignore": "node_modules\nbuild\n.react-router\n",
        "package.json": json({
          name: "notes",
          private: true,
          type: "module",
          scripts: { build: "react-router build", dev: "react-router dev", start: "react-router-serve ./build/server/index.js", typecheck: "react-router typegen && tsc" },
          // zod 3 below 3.25 (no zod/v4 yet), with code of its own that only zod 3 compiles.
          dependencies: { "@react-router/node": rr, "@react-router/serve": rr, isbot: versions.isbot, react: versions.react, "react-dom": versions["react-dom"], "react-router": rr, zod: "^3.23.8" },
          devDependencies: {
            "@react-router/dev": rr,
            "@types/node": versions["@types/node"],
            "@types/react": versions["@types/react"],
            "@types/react-dom": versions["@types/react-dom"],
            typescript: versions.typescript,
            vite: versions.vite,
          },
        }),
        "react-router.config.ts": 'import type { Config } from "@react-router/dev/config";\n\nexport default { ssr: true, appDirectory: "src" } satisfies Config;\n',
        "vite.config.ts": 'import { reactRouter } from "@react-router/dev/vite";\nimport { defineConfig } from "vite";\n\nexport default defineConfig({ plugins: [reactRouter()] });\n',
        "tsconfig.json": json({
          include: ["**/*", ".react-router/types/**/*"],
          compilerOptions: {
            lib: ["DOM", "DOM.Iterable", "ES2022"],
            types: ["node", "vite/client"],
            target: "ES2022",
            module: "ES2022",
            moduleResolution: "bundler",
            jsx: "react-jsx",
            rootDirs: [".", "./.react-router/types"],
            paths: { "~/*": ["./src/*"] },
            esModuleInterop: true,
            verbatimModuleSyntax: true,
            noEmit: true,
            resolveJsonModule: true,
            skipLibCheck: true,
            strict: true,
          },
        }),
        "src/root.tsx":
          'import { Links, Meta, Outlet, Scripts } from "react-router";\n\nexport function Layout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <head>\n        <Meta />\n        <Links />\n      </head>\n      <body>\n        {children}\n        <Scripts />\n      </body>\n    </html>\n  );\n}\n\nexport default function App() {\n  return <Outlet />;\n}\n',
        "src/routes.ts": 'import { type RouteConfig, index } from "@react-router/dev/routes";\n\nexport default [\n  index("routes/home.tsx"),\n] satisfies RouteConfig;\n',
        "src/routes/home.tsx": 'import type { Route } from "./+types/home";\nimport { problems } from "../lib/note";\n\nexport function meta({}: Route.MetaArgs) {\n  return [{ title: "Notes" }];\n}\n\nexport default function Home() {\n  return <h1>Notes ({problems({ title: "" }).length})</h1>;\n}\n',
        // `ZodError.errors` is zod 3's: this compiles only while the app stays on zod 3.
        "src/lib/note.ts": 'import { z } from "zod";\n\nconst note = z.object({ title: z.string().min(1) });\n\nexport function problems(input: unknown): string[] {\n  const result = note.safeParse(input);\n  return result.success ? [] : result.error.errors.map((issue) => issue.message);\n}\n',
      });
      return root;
    },
    patterns: ["durable-sleep", "ai-pipeline"],
    functionsBefore: 0,
    appId: "notes",
    typecheck: ["npm run typecheck"],
    build: "npm run build",
    start: { script: "start" },
  },
  ours: {
    name: "a project from our own create (Express, durable-sleep), given every other pattern",
    framework: "express",
    async make(parent, env) {
      const result = await runCli(["ours", "--framework", "express", "--patterns", "durable-sleep", "--yes", "--no-install", "--no-git"], { cwd: parent, env });
      expect(result.exitCode, result.all).toBe(0);
      return path.join(parent, "ours");
    },
    patterns: ["multi-step", "cron-fan-out", "webhook", "ai-pipeline", "wait-for-event"],
    functionsBefore: 1,
    appId: "ours",
    // The user filled in the email service, as its comment invites: every pattern that needs email uses it.
    usersFiles: {
      "src/services/email.ts":
        'export interface Email {\n  to: string;\n  subject: string;\n  text: string;\n}\n\n/** Sends through our mail provider\'s HTTP API. */\nexport async function sendEmail(email: Email): Promise<{ id: string }> {\n  const url = process.env.MAIL_API_URL;\n  if (!url) return { id: "not-sent" };\n  const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(email) });\n  return (await response.json()) as { id: string };\n}\n',
    },
    typecheck: ["npm run typecheck"],
    build: "npm run build",
    start: { script: "start" },
  },
};

async function sh(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  const result = await execa(command, { cwd, env, extendEnv: false, reject: false, all: true, shell: true });
  if (result.exitCode !== 0) throw new Error(`${command} failed (exit ${result.exitCode}):\n${result.all}`);
  return result.all ?? "";
}

const gitChanges = async (dir: string, env: NodeJS.ProcessEnv) =>
  (await sh("git status --porcelain --untracked-files=all", dir, env)).split("\n").filter(Boolean).sort();

/** Registers the tests for each case (one file per group, so the groups run in parallel). */
export function proveAdd(cases: AddCase[]): void {
  describe.each(cases)("add on $name", (testCase) => {
    const env: NodeJS.ProcessEnv = { ...projectEnv(testCase.framework), GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" };
    let dir = "";
    let server: RunningServer | undefined;

    let inngest: FakeInngest | undefined;

    afterAll(async () => {
      await server?.stop();
      await inngest?.close();
      if (dir && !process.env.KEEP_E2E) await rm(path.dirname(dir), { recursive: true, force: true });
    });

    it("adds the patterns, changing only what the plan says", async () => {
      dir = await testCase.make(await tempDir(`add-${testCase.framework}`), env);
      write(dir, testCase.usersFiles ?? {});
      await sh("npm install --no-audit --no-fund", dir, env);
      await sh("git init -q && git add -A && git commit -qm before", dir, env);

      const result = await runCli(["add", ...testCase.patterns, "--cwd", dir, "--json"], { cwd: dir, env });
      expect(result.exitCode, result.all).toBe(0);
      const summary = JSON.parse(result.stdout) as { outcome: string; added: string[]; install: string; files: { path: string; action: string }[] };
      expect(summary.outcome).toBe("applied");
      expect(summary.added).toEqual(testCase.patterns);

      // git sees exactly the plan's files (plus the lockfile when dependencies were installed).
      const planned = summary.files.filter((f) => f.action !== "skip").map((f) => `${f.action === "create" ? "??" : " M"} ${f.path}`);
      if (summary.install === "installed") planned.push(" M package-lock.json");
      expect(await gitChanges(dir, env)).toEqual(planned.sort());
      for (const [relative, content] of Object.entries(testCase.usersFiles ?? {})) expect(readFileSync(path.join(dir, relative), "utf8"), relative).toBe(content);
      await sh("git add -A && git commit -qm add", dir, env);

      // check finds nothing to say about the code add wrote or edited.
      const checked = await runCli(["check", dir, "--json"], { cwd: dir, env });
      const touched = new Set(summary.files.map((f) => f.path));
      const findings = (JSON.parse(checked.stdout) as { findings: { file: string; ruleId: string; line: number }[] }).findings;
      expect(findings.filter((f) => touched.has(f.file))).toEqual([]);

      // Twice is once: the second run finds every pattern and changes nothing.
      const again = await runCli(["add", ...testCase.patterns, "--cwd", dir, "--json"], { cwd: dir, env });
      expect(again.exitCode, again.all).toBe(0);
      expect(JSON.parse(again.stdout).outcome).toBe("nothing-to-do");
      expect(await gitChanges(dir, env)).toEqual([]);
    });

    it("type-checks", async () => {
      for (const command of testCase.typecheck) await sh(command, dir, env);
    });

    it("passes the added functions' tests", async () => {
      const output = await sh("npx vitest run", dir, env);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).not.toMatch(/\d+ failed/);
    });

    it("builds", async () => {
      await sh(testCase.build, dir, env);
    });

    it("serves the old and the new functions on /api/inngest", async () => {
      if (testCase.devWithEnvFile) {
        // Where the next steps say: .env.local, read by the vite.config add edited (not the shell: the env here has neither).
        inngest = await startFakeInngest();
        writeFileSync(path.join(dir, ".env.local"), `INNGEST_DEV=${inngest.url}\nSTRIPE_WEBHOOK_SECRET=${webhookSecret}\n`);
        expect(env.INNGEST_DEV ?? env.STRIPE_WEBHOOK_SECRET).toBeUndefined();
        server = await startServer(dir, env, { script: "dev", args: testCase.start.args });
      } else {
        server = await startServer(dir, env, { script: testCase.start.script, args: testCase.start.args });
      }
      const response = await fetch(`${server.baseUrl}/api/inngest`);
      expect(response.status, server.output()).toBe(200);
      const body = (await response.json()) as { function_count: number; mode: string };
      expect(body.function_count).toBe(testCase.functionsBefore + functionCount(testCase.patterns));
      expect(body.mode).toBe("dev");

      if (inngest && testCase.patterns.includes("webhook")) {
        // STRIPE_WEBHOOK_SECRET reached the route from .env.local: a signed webhook becomes an event.
        const stripeEvent = JSON.stringify({ id: "evt_add_1", type: "payment_intent.succeeded", data: { object: { id: "pi_1", metadata: { orderId: "order_1" } } } });
        const timestamp = Math.floor(Date.now() / 1000);
        const signature = `t=${timestamp},v1=${createHmac("sha256", webhookSecret).update(`${timestamp}.${stripeEvent}`).digest("hex")}`;
        const webhook = await fetch(`${server.baseUrl}/api/webhooks/stripe`, { method: "POST", headers: { "content-type": "application/json", "stripe-signature": signature }, body: stripeEvent });
        expect(webhook.status, server.output()).toBe(200);
        expect(inngest.events.map((e) => e.id)).toContain("evt_add_1");
      }

      // The first added function runs when the executor calls it.
      const { functionId, event, firstStep } = executorSamples[testCase.patterns[0]!];
      const payload = { ...event, id: "evt_add", ts: Date.now() };
      const run = await fetch(`${server.baseUrl}/api/inngest?fnId=${testCase.appId}-${functionId}&stepId=step`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ event: payload, events: [payload], steps: {}, ctx: { run_id: "01JADD", attempt: 0, disable_immediate_execution: true, use_api: false, stack: { stack: [], current: 0 } } }),
      });
      expect(run.status, server.output()).toBe(206);
      expect(JSON.stringify(await run.json())).toContain(firstStep);
    });
  });
}
