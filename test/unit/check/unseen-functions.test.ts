import { describe, expect, it } from "vitest";
import { checkProject } from "../../../src/check/run-check.ts";
import { checkFiles, writeProject } from "../../support/check-project.ts";

/**
 * Functions created on a client that is not a plain `const inngest = new Inngest()`: a class
 * field, a helper that returns the client, options built from config. Each is either checked
 * (its mistakes found) or listed under `skipped` with why; never passed silently.
 */
const events = `import { eventType, staticSchema } from "inngest";\nexport const jobQueued = eventType("app/job.queued", { schema: staticSchema<{ jobId: string }>() });\n`;
/** A handler whose step is not awaited: finding it proves the function was seen. */
const handler = `async ({ step }) => {\n      step.run("do-the-work", () => 1);\n    }`;

const unawaitedIn = async (files: Record<string, string>, file: string) =>
  (await checkFiles(files)).filter((f) => f.ruleId === "unawaited-step").map((f) => f.file).includes(file);

describe("functions on a client held in a class field", () => {
  it("sees a field initialised with new Inngest()", async () => {
    const files = {
      "src/events.ts": events,
      "src/jobs.ts": `import { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport class Jobs {\n  private client = new Inngest({ id: "jobs" });\n  build() {\n    return this.client.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, ${handler});\n  }\n}\n`,
    };
    expect(await unawaitedIn(files, "src/jobs.ts")).toBe(true);
  });

  it("sees a constructor parameter property typed Inngest", async () => {
    const files = {
      "src/events.ts": events,
      "src/jobs.ts": `import type { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport class Jobs {\n  constructor(private readonly client: Inngest) {}\n  build() {\n    return this.client.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, ${handler});\n  }\n}\n`,
    };
    expect(await unawaitedIn(files, "src/jobs.ts")).toBe(true);
  });

  it("sees a field assigned a given client or a new one in the constructor", async () => {
    const files = {
      "src/events.ts": events,
      "src/jobs.ts": `import { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport class Jobs {\n  #client;\n  constructor(options: { client?: Inngest } = {}) {\n    this.#client = options.client ?? new Inngest({ id: "jobs" });\n  }\n  build() {\n    return this.#client.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, ${handler});\n  }\n}\n`,
    };
    expect(await unawaitedIn(files, "src/jobs.ts")).toBe(true);
  });
});

describe("a service class that creates its client in the constructor", () => {
  it("sees its functions, and the step nested in another step", async () => {
    const files = {
      "src/events.ts": events,
      "src/jobs.service.ts": `import { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport class JobsService {\n  public readonly client: Inngest;\n  constructor() {\n    this.client = new Inngest({ id: "jobs" });\n  }\n  functions() {\n    return [\n      this.client.createFunction({ id: "route", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n        await step.run("route-items", async () => {\n          await step.sendEvent("dispatch", { name: "app/job.routed", data: {} });\n        });\n      }),\n    ];\n  }\n}\n`,
    };
    expect((await checkFiles(files)).map((f) => `${f.ruleId} ${f.line}`)).toContain("nested-step 12");
  });
});

describe("functions on a client returned by a helper", () => {
  const lazyClient = `import { Inngest } from "inngest";\nlet app: Inngest | undefined;\nexport const getApp = () => (app ??= new Inngest({ id: "app" }));\n`;
  const guardedClient = `import { Inngest } from "inngest";\nlet app: Inngest | null = null;\nexport function getApp() {\n  if (!app) app = new Inngest({ id: "app" });\n  return app;\n}\n`;

  it.each([
    ["a lazily created singleton", lazyClient],
    ["a singleton created behind an if", guardedClient],
  ])("sees a const holding the helper's result (%s)", async (_, client) => {
    const files = {
      "src/client.ts": client,
      "src/events.ts": events,
      "src/work.ts": `import { getApp } from "./client.ts";\nimport { jobQueued } from "./events.ts";\nconst inngest = getApp();\nexport const work = inngest.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, ${handler});\n`,
    };
    expect(await unawaitedIn(files, "src/work.ts")).toBe(true);
  });

  it("sees createFunction called on the helper's result directly", async () => {
    const files = {
      "src/client.ts": lazyClient,
      "src/events.ts": events,
      "src/work.ts": `import { getApp } from "./client.ts";\nimport { jobQueued } from "./events.ts";\nexport const work = getApp().createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, ${handler});\n`,
    };
    expect(await unawaitedIn(files, "src/work.ts")).toBe(true);
  });
});

describe("what cannot be read is listed as not checked", () => {
  it("lists functions built from config objects", async () => {
    const root = await writeProject({
      "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`,
      "src/jobs.ts": `import { inngest } from "./client.ts";\nimport { definitions } from "./definitions.ts";\nexport const functions = definitions.map((d) => inngest.createFunction(d.options, d.run));\n`,
      "src/definitions.ts": `export const definitions = [{ options: { id: "a", triggers: [{ cron: "0 * * * *" }] }, run: async () => "done" }];\n`,
      "src/serve.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client.ts";\nimport { functions } from "./jobs.ts";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions });\n`,
    });
    const result = checkProject(root);
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([{ file: "src/jobs.ts", reason: expect.stringMatching(/^line 3: createFunction\(\): its options \(`d\.options`\) and its handler \(`d\.run`\) cannot be read here/) }]);

  });

  it("lists a createFunction on a field it cannot identify, in a file that uses Inngest", async () => {
    const root = await writeProject({
      "src/jobs.ts": `import { NonRetriableError } from "inngest";\nexport class Jobs {\n  constructor(private readonly client: any) {}\n  build() {\n    return this.client.createFunction({ id: "work" }, async ({ step }: any) => {\n      throw new NonRetriableError("no");\n    });\n  }\n}\n`,
    });
    const result = checkProject(root);
    expect(result.skipped).toEqual([{ file: "src/jobs.ts", reason: "line 5: createFunction() on `this.client`: cannot tell which Inngest client this is, so the function was not checked" }]);
  });

  it("leaves another SDK's createFunction alone", async () => {
    const root = await writeProject({
      "src/deploy.ts": `export class Deployer {\n  constructor(private readonly client: { createFunction(input: object): Promise<unknown> }) {}\n  deploy() {\n    return this.client.createFunction({ FunctionName: "x", Runtime: "nodejs22.x" });\n  }\n}\n`,
    });
    const result = checkProject(root);
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([]);
  });
});

describe("a missing id is critical only on a function that is certainly Inngest's", () => {
  it("says nothing about another SDK's createFunction on a client from a package", async () => {
    const files = {
      "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`,
      "src/deploy.ts": `import { functions } from "@cloud/functions-sdk";\nimport { zipFolder } from "./zip.ts";\nexport const created = functions.createFunction({ name: "resize-images" }, zipFolder);\n`,
      "src/zip.ts": `export const zipFolder = () => new Uint8Array();\n`,
    };
    expect((await checkFiles(files)).filter((f) => f.ruleId === "function-missing-id")).toEqual([]);
  });
});

describe("functions a factory builds are served by its caller", () => {
  it("does not claim a missing serve handler for a class that builds functions for its host", async () => {
    const files = {
      "src/events.ts": events,
      "src/engine.ts": `import { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport class Engine {\n  readonly functions: unknown[] = [];\n  private readonly client = new Inngest({ id: "engine" });\n  register() {\n    this.functions.push(this.client.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n      await step.run("do-the-work", () => 1);\n    }));\n  }\n}\n`,
    };
    expect(await checkFiles(files)).toEqual([]);
  });

  it("nor for a function that takes the client as a parameter", async () => {
    const files = {
      "src/events.ts": events,
      "src/make.ts": `import type { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nexport function makeWork(client: Inngest) {\n  return client.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n    await step.run("do-the-work", () => 1);\n  });\n}\n`,
    };
    expect(await checkFiles(files)).toEqual([]);
  });

  it("still claims it for functions created at the top of a module", async () => {
    const files = {
      "src/events.ts": events,
      "src/work.ts": `import { Inngest } from "inngest";\nimport { jobQueued } from "./events.ts";\nconst inngest = new Inngest({ id: "app" });\nexport const work = [1].map(() => inngest.createFunction({ id: "work", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n  await step.run("do-the-work", () => 1);\n}));\n`,
    };
    expect((await checkFiles(files)).map((f) => f.ruleId)).toEqual(["serve-handler-missing"]);
  });
});

describe("a factory's functions are not claimed unserved", () => {
  it("when the serve lists of the tree do not name them", async () => {
    const files = {
      "src/events.ts": events,
      "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`,
      "src/make.ts": `import { inngest } from "./client.ts";\nimport { jobQueued } from "./events.ts";\nexport const makeWork = (suffix: string) =>\n  inngest.createFunction({ id: \`work-\${suffix}\`, triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n    await step.run("do-the-work", () => 1);\n  });\n`,
      "src/serve.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client.ts";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [] });\n`,
    };
    expect(await checkFiles(files)).toEqual([]);
  });
});

describe("clients from a helper keep apart what is apart", () => {
  it("two clients built by a factory may each have a function with the same id", async () => {
    const files = {
      "src/events.ts": events,
      "src/clients.ts": `import { Inngest } from "inngest";\nexport const makeClient = (id: string) => new Inngest({ id });\n`,
      "src/apps.ts": `import { makeClient } from "./clients.ts";\nimport { jobQueued } from "./events.ts";\nconst billing = makeClient("billing");\nconst mail = makeClient("mail");\nexport const a = billing.createFunction({ id: "sync", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n  await step.run("sync-billing", () => 1);\n});\nexport const b = mail.createFunction({ id: "sync", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n  await step.run("sync-mail", () => 1);\n});\nimport { serve } from "inngest/express";\nexport const handlers = [serve({ client: billing, functions: [a] }), serve({ client: mail, functions: [b] })];\n`,
    };
    expect((await checkFiles(files)).map((f) => f.ruleId)).not.toContain("duplicate-function-id");
  });

  it("a lazily kept client is one client for every caller", async () => {
    const files = {
      "src/events.ts": events,
      "src/client.ts": `import { Inngest } from "inngest";\nlet app: Inngest | undefined;\nexport const getApp = () => (app ??= new Inngest({ id: "app" }));\n`,
      "src/a.ts": `import { getApp } from "./client.ts";\nimport { jobQueued } from "./events.ts";\nexport const a = getApp().createFunction({ id: "sync", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n  await step.run("sync-a", () => 1);\n});\n`,
      "src/b.ts": `import { getApp } from "./client.ts";\nimport { jobQueued } from "./events.ts";\nexport const b = getApp().createFunction({ id: "sync", triggers: [jobQueued], retries: 1 }, async ({ step }) => {\n  await step.run("sync-b", () => 1);\n});\n`,
    };
    expect((await checkFiles(files)).map((f) => f.ruleId)).toContain("duplicate-function-id");
  });
});
