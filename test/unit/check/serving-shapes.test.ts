import { describe, expect, it } from "vitest";
import { failsRun } from "../../../src/check/report.ts";
import { fromRegistry } from "../../../src/check/packages.ts";
import { checkProject } from "../../../src/check/run-check.ts";
import { serveEntries } from "../../../src/check/serve-entries.ts";
import { checkFiles, summarise, writeProject } from "../../support/check-project.ts";

/**
 * Every official way to serve functions is recognised (no serve-handler-missing, and the
 * functions it lists count as served); what check cannot follow is said once, at info level.
 */
const client = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "shop" });\n`;
/** A clean function `name` in src/functions/<name>.ts. */
const fn = (name: string) =>
  `import { inngest } from "../client.ts";\nexport const ${name} = inngest.createFunction({ id: "${name}", triggers: [{ cron: "0 6 * * *" }], retries: 2 }, async ({ step }) => {\n  await step.sleep("pause-briefly", "1m");\n});\n`;
const base = {
  "src/client.ts": client,
  "src/functions/restock.ts": fn("restock"),
  "src/functions/reprice.ts": fn("reprice"),
  "src/functions/index.ts": `import { restock } from "./restock.ts";\nimport { reprice } from "./reprice.ts";\nexport const functions = [restock, reprice];\n`,
};
const imports = `import { inngest } from "./client.ts";\nimport { functions } from "./functions/index.ts";\n`;

describe("official serve shapes", () => {
  it("createServer from inngest/node serves its functions, and one left out is reported", async () => {
    expect(summarise(await checkFiles({ ...base, "src/server.ts": `import { createServer } from "inngest/node";\n${imports}createServer({ client: inngest, functions }).listen(3000);\n` }))).toEqual([]);
    const partial = await checkFiles({
      ...base,
      "src/server.ts": `import { createServer } from "inngest/node";\nimport { inngest } from "./client.ts";\nimport { restock } from "./functions/restock.ts";\nconst server = createServer({ client: inngest, functions: [restock] });\nserver.listen(3000);\n`,
    });
    expect(summarise(partial)).toEqual(["function-not-served src/functions/reprice.ts:2"]);
  });

  it("the Fastify plugin: default import, named fastifyPlugin, and registered by a NestJS app", async () => {
    const fastify = `import Fastify from "fastify";\nimport inngestPlugin from "inngest/fastify";\n${imports}const app = Fastify();\napp.register(inngestPlugin, { client: inngest, functions, options: {} });\n`;
    expect(summarise(await checkFiles({ ...base, "src/server.ts": fastify }))).toEqual([]);
    const nest =
      `import { NestFactory } from "@nestjs/core";\nimport { FastifyAdapter } from "@nestjs/platform-fastify";\nimport { fastifyPlugin as serveInngest } from "inngest/fastify";\n${imports}import { AppModule } from "./app.module.ts";\n` +
      `async function start() {\n  const app = await NestFactory.create(AppModule, new FastifyAdapter());\n  const registered = { client: inngest, functions };\n  app.register(serveInngest, registered);\n  await app.listen(3000);\n}\nvoid start();\n`;
    expect(summarise(await checkFiles({ ...base, "src/app.module.ts": "export class AppModule {}\n", "src/main.ts": nest }))).toEqual([]);
  });

  it("the Fastify plugin required in CommonJS, and a plugin of the app's own given { client, functions }", async () => {
    const cjs = `const Fastify = require("fastify");\nconst { inngest } = require("./client.ts");\nconst { functions } = require("./functions/index.ts");\nconst app = Fastify();\napp.register(require("inngest/fastify").fastifyPlugin, { client: inngest, functions });\n`;
    expect(summarise(await checkFiles({ ...base, "src/server.cjs": cjs }))).toEqual([]);
    const own = `import Fastify from "fastify";\nimport jobsPlugin from "./vendor-dist/jobs-plugin";\n${imports}const app = Fastify();\napp.register(jobsPlugin, { client: inngest, functions });\n`;
    expect(summarise(await checkFiles({ ...base, "src/server.ts": own }))).toEqual(["serve-handler-unknown src/server.ts:6"]);
  });

  it("connect() workers serve the functions of each app", async () => {
    const worker = `import { connect } from "inngest/connect";\n${imports}await connect({ apps: [{ client: inngest, functions }] });\n`;
    expect(summarise(await checkFiles({ ...base, "src/worker.ts": worker }))).toEqual([]);
  });

  it("AgentKit's createServer serves the functions given to it; given only agents, a function of the app is not served", async () => {
    const agentServer = `import { createServer } from "@inngest/agent-kit/server";\nimport { helper } from "./agents.ts";\n${imports}createServer({ client: inngest, agents: [helper], functions }).listen(3010);\n`;
    const agents = `import { createAgent } from "@inngest/agent-kit";\nexport const helper = createAgent({ name: "helper", system: "Answer questions about orders." });\n`;
    expect(summarise(await checkFiles({ ...base, "src/agents.ts": agents, "src/server.ts": agentServer }))).toEqual([]);
    const agentsOnly = await checkFiles({
      ...base,
      "src/agents.ts": agents,
      "src/server.ts": `import { createServer } from "@inngest/agent-kit/server";\nimport { helper } from "./agents.ts";\ncreateServer({ agents: [helper] }).listen(3010);\n`,
    });
    expect(summarise(agentsOnly)).toEqual(["function-not-served src/functions/reprice.ts:2", "function-not-served src/functions/restock.ts:2"]);
  });

  it("serve of every adapter of inngest 3.x and 4.x, the default export of inngest/next and v2's serve(client, functions)", async () => {
    const adapters = ["astro", "bun", "cloudflare", "deno/fresh", "digitalocean", "edge", "express", "fastify", "h3", "hono", "koa", "lambda", "next", "nitro", "node", "nuxt", "redwood", "remix", "sveltekit"];
    for (const adapter of adapters) {
      const findings = await checkFiles({ ...base, "src/route.ts": `import { serve } from "inngest/${adapter}";\n${imports}export const handler = serve({ client: inngest, functions });\n` });
      expect(summarise(findings), adapter).toEqual([]);
    }
    expect(summarise(await checkFiles({ ...base, "src/route.ts": `import serveNext from "inngest/next";\n${imports}export default serveNext({ client: inngest, functions });\n` }))).toEqual([]);
    expect(summarise(await checkFiles({ ...base, "src/route.ts": `import { serve } from "inngest/express";\n${imports}export default serve(inngest, functions);\n` }))).toEqual([]);
    expect(serveEntries.map((e) => `${e.source}#${e.exports.join(",")}`)).toContain("inngest/node#createServer");
  });

  it("a custom handler built on InngestCommHandler serves what its callers give it", async () => {
    const handler = `import { InngestCommHandler, type ServeHandlerOptions } from "inngest";\nexport const serveOnEdge = (options: ServeHandlerOptions) => {\n  const comm = new InngestCommHandler({ frameworkName: "edge-router", ...options, handler: (req: Request) => ({ body: () => req.json(), headers: (k: string) => req.headers.get(k), method: () => req.method, url: () => new URL(req.url), transformResponse: ({ body, status }: { body: string; status: number }) => new Response(body, { status }) }) });\n  return comm.createHandler();\n};\n`;
    const app = `import { serveOnEdge } from "./handler.ts";\n${imports}export const inngestRoute = serveOnEdge({ client: inngest, functions });\n`;
    expect(summarise(await checkFiles({ ...base, "src/handler.ts": handler, "src/app.ts": app }))).toEqual([]);
    // A factory exported for another package to call: it serves, with lists check cannot see.
    expect(summarise(await checkFiles({ ...base, "src/handler.ts": handler }))).toEqual([]);
  });
});

describe("serving through workspace packages", () => {
  it("Deno and CDN specifiers name the same adapters", async () => {
    const denoClient = `import { Inngest } from "npm:inngest@^3.22.0";\nexport const inngest = new Inngest({ id: "shop" });\n`;
    const findings = await checkFiles({
      ...base,
      "src/client.ts": denoClient,
      "src/route.ts": `import { serve } from "https://esm.sh/inngest@3.22.0/deno/fresh";\n${imports}export const handler = serve({ client: inngest, functions });\n`,
    });
    expect(summarise(findings)).toEqual([]);
    expect(["npm:inngest@^3/hono", "jsr:@inngest/agent-kit@0.8/server", "https://esm.sh/inngest@3.22.0/express?target=deno", "./local.ts", "inngest"].map(fromRegistry)).toEqual(["inngest/hono", "@inngest/agent-kit/server", "inngest/express", undefined, undefined]);
  });

  it("follows a workspace package by name to its `export * from \"inngest/next\"` and its functions", async () => {
    const findings = await checkFiles({
      "package.json": JSON.stringify({ name: "shop-monorepo", private: true, workspaces: ["apps/*", "packages/*"] }),
      "packages/jobs/package.json": JSON.stringify({ name: "@shop/jobs", exports: { ".": "./src/index.ts", "./next": "./next/index.ts" }, dependencies: { inngest: "^4.1.0" } }),
      "packages/jobs/next/index.ts": `export * from "inngest/next";\n`,
      "packages/jobs/src/client.ts": client,
      "packages/jobs/src/functions/restock.ts": fn("restock"),
      "packages/jobs/src/index.ts": `export { inngest } from "./client.ts";\nimport { restock } from "./functions/restock.ts";\nexport const functions = [restock];\n`,
      "apps/web/package.json": JSON.stringify({ name: "@shop/web", dependencies: { "@shop/jobs": "workspace:*" } }),
      "apps/web/src/pages/api/inngest.ts": `import { functions, inngest } from "@shop/jobs";\nimport { serve } from "@shop/jobs/next";\nexport default serve({ client: inngest, functions });\n`,
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("a workspace package named inngest (the SDK's own repository) is still the SDK to its examples", async () => {
    const findings = await checkFiles({
      "packages/inngest/package.json": JSON.stringify({ name: "inngest", main: "src/index.ts" }),
      "packages/inngest/src/index.ts": `export class Inngest {\n  constructor(readonly options: { id: string }) {}\n}\n`,
      "examples/shop/src/client.ts": client,
      "examples/shop/src/functions/restock.ts": fn("restock"),
      "examples/shop/src/route.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client.ts";\nimport { restock } from "./functions/restock.ts";\nexport const { GET } = serve({ client: inngest, functions: [] });\n`,
    });
    expect(summarise(findings)).toEqual(["function-not-served examples/shop/src/functions/restock.ts:2"]);
  });

  it("a workspace package without exports resolves through main (built output mapped to src/)", async () => {
    const findings = await checkFiles({
      "packages/queue/package.json": JSON.stringify({ name: "queue", main: "dist/index.js" }),
      "packages/queue/src/index.ts": `export * from "inngest/express";\n`,
      "apps/api/src/client.ts": client,
      "apps/api/src/functions/restock.ts": fn("restock"),
      "apps/api/src/main.ts": `import { serve } from "queue";\nimport { inngest } from "./client.ts";\nimport { restock } from "./functions/restock.ts";\nexport const handler = serve({ client: inngest, functions: [restock] });\n`,
    });
    expect(summarise(findings)).toEqual([]);
  });
});

describe("when check cannot tell, it says so once at info level", () => {
  it("in a monorepo, one app's serve that check cannot follow keeps the other app's list from condemning its functions", async () => {
    const findings = await checkFiles({
      ...Object.fromEntries(Object.entries(base).map(([file, text]) => [`apps/store/${file}`, text])),
      "apps/store/src/server.ts": `import { startJobs } from "./vendor-dist/jobs";\n${imports}startJobs({ client: inngest, functions });\n`,
      "apps/admin/src/client.ts": client,
      "apps/admin/src/functions/audit.ts": fn("audit"),
      "apps/admin/src/route.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client.ts";\nimport { audit } from "./functions/audit.ts";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [audit] });\n`,
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("a serve-like import it cannot follow (a built folder that is not checked)", async () => {
    const root = await writeProject({ ...base, "src/server.ts": `import { createServer } from "./vendor-dist/server";\n${imports}createServer({ client: inngest, functions }).listen(3000);\n` });
    const result = checkProject(root);
    expect(summarise(result.findings)).toEqual(["serve-handler-unknown src/server.ts:4"]);
    expect(result.findings[0]!.severity).toBe("info");
    expect(failsRun(result, { strict: true })).toBe(false);
  });

  it("a module from a package named after Inngest (a NestJS integration)", async () => {
    const module = `import { Module } from "@nestjs/common";\nimport { InngestModule } from "nest-inngest-bridge";\nimport { inngest } from "./client.ts";\n@Module({ imports: [InngestModule.forRoot({ inngest, path: "/api/inngest" })] })\nexport class AppModule {}\n`;
    const findings = await checkFiles({ ...base, "src/app.module.ts": module });
    expect(summarise(findings)).toEqual(["serve-handler-unknown src/app.module.ts:4"]);
  });

  it("a checked folder that is one package of a workspace above it", async () => {
    const root = await writeProject({
      "pnpm-workspace.yaml": "packages:\n  - packages/*\n",
      "package.json": JSON.stringify({ name: "root", private: true }),
      "packages/jobs/src/client.ts": client,
      "packages/jobs/src/functions/restock.ts": fn("restock"),
    });
    const result = checkProject(`${root}/packages/jobs`);
    expect(summarise(result.findings)).toEqual(["serve-handler-unknown src/functions/restock.ts:2"]);
    expect(result.findings[0]!.message).toMatch(/workspace/);
  });

  it("and still reports, critical, functions that nothing can serve", async () => {
    expect(summarise(await checkFiles(base))).toEqual(["serve-handler-missing src/functions/reprice.ts:2"]);
    // A `functions` list of another library (OpenAI function calling) is no serve.
    const ai = `import OpenAI from "openai";\nconst openai = new OpenAI();\nexport const ask = (q: string) => openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: q }], functions: [{ name: "lookup", parameters: {} }] });\n`;
    expect(summarise(await checkFiles({ ...base, "src/ai.ts": ai }))).toEqual(["serve-handler-missing src/functions/reprice.ts:2"]);
  });
});
