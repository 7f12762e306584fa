import { describe, expect, it } from "vitest";
import { checkFiles, summarise } from "../../support/check-project.ts";

/**
 * How `check` follows a project: functions registered across files (re-exports, aliases,
 * spreads, namespaces), import aliases (tsconfig paths with extends, package.json imports), and
 * Inngest itself imported under other names.
 */
const client = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`;
const events = `import { eventType } from "inngest";\nexport const userSignedUp = eventType("app/user.signed_up");\n`;

/** A clean function named `name` (id = name), importing the client and events from `from`. */
const fn = (name: string, from = "..") =>
  `import { inngest } from "${from}/client.ts";\nimport { userSignedUp } from "${from}/events.ts";\n` +
  `export const ${name} = inngest.createFunction({ id: "${name}", triggers: [userSignedUp], retries: 1 }, async ({ step }) => {\n  await step.sleep("wait-a-bit", "1m");\n});\n`;

const route = (functionsImport: string, functionsExpr = "functions") =>
  `import { serve } from "inngest/next";\nimport { inngest } from "../client.ts";\n${functionsImport}\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: ${functionsExpr} });\n`;

const base = { "src/client.ts": client, "src/events.ts": events };

describe("functions registered across files", () => {
  it("follows export * and export { x as y } through an index", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/functions/b.ts": fn("b"),
      "src/functions/c.ts": fn("c"),
      "src/functions/index.ts": `export * from "./a.ts";\nexport { b as renamedB } from "./b.ts";\nimport { c } from "./c.ts";\nexport { c as alsoC };\n`,
      "src/api/route.ts": route(`import { a, renamedB, alsoC } from "../functions/index.ts";`, "[a, renamedB, alsoC]"),
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("reports the one function an index forgets", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/functions/b.ts": fn("b"),
      "src/functions/index.ts": `import { a } from "./a.ts";\nexport const functions = [a];\n`,
      "src/api/route.ts": route(`import { functions } from "../functions/index.ts";`),
    });
    expect(summarise(findings)).toEqual(["function-not-served src/functions/b.ts:3"]);
  });

  it("follows spreads of arrays from other files, concat and push", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/functions/b.ts": fn("b"),
      "src/functions/c.ts": fn("c"),
      "src/functions/d.ts": fn("d"),
      "src/functions/group.ts": `import { a } from "./a.ts";\nimport { b } from "./b.ts";\nexport const group = [a, b];\n`,
      "src/functions/index.ts": `import { group } from "./group.ts";\nimport { c } from "./c.ts";\nimport { d } from "./d.ts";\nconst more = [c];\nexport const functions = [...group].concat(more);\nfunctions.push(d);\n`,
      "src/api/route.ts": route(`import { functions } from "../functions/index.ts";`),
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("follows namespace imports: Object.values(ns) and ns.member", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/functions/b.ts": fn("b"),
      "src/functions/index.ts": `export * from "./a.ts";\nexport * from "./b.ts";\nexport const NOT_A_FUNCTION = 1;\n`,
      "src/api/route.ts": route(`import * as all from "../functions/index.ts";`, "Object.values(all)"),
    });
    expect(summarise(findings)).toEqual([]);
    const member = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/functions/b.ts": fn("b"),
      "src/api/route.ts": route(`import * as fa from "../functions/a.ts";\nimport * as fb from "../functions/b.ts";`, "[fa.a]"),
    });
    expect(summarise(member)).toEqual(["function-not-served src/functions/b.ts:3"]);
  });

  it("does not guess when the list comes from something it cannot follow", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": fn("a"),
      "src/api/route.ts": route(`import { loadFunctions } from "some-registry";`, "loadFunctions()"),
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("follows re-export cycles without looping", async () => {
    const findings = await checkFiles({
      ...base,
      "src/functions/a.ts": `export * from "./b.ts";\n${fn("a")}`,
      "src/functions/b.ts": `export * from "./a.ts";\nexport const x = 1;\n`,
      "src/api/route.ts": route(`import { a } from "../functions/b.ts";`, "[a]"),
    });
    expect(summarise(findings)).toEqual([]);
  });
});

describe("CommonJS", () => {
  it("follows require() and module.exports / exports.x", async () => {
    const cjsFn = (name: string) =>
      `const { inngest } = require("../client");\nconst ${name} = inngest.createFunction({ id: "${name}", triggers: [{ event: "app/${name}" }], retries: 1 }, async ({ step }) => {\n  await step.sleep("wait-a-bit", "1m");\n});\n`;
    const findings = await checkFiles({
      "src/client.js": `const { Inngest } = require("inngest");\nmodule.exports.inngest = new Inngest({ id: "app" });\n`,
      "src/functions/a.js": `${cjsFn("a")}module.exports = { a };\n`,
      "src/functions/b.js": `${cjsFn("b")}exports.b = b;\n`,
      "src/functions/c.js": `${cjsFn("c")}module.exports = c;\n`,
      "src/server.js": `const { serve } = require("inngest/express");\nconst { inngest } = require("./client");\nconst fa = require("./functions/a");\nconst { b } = require("./functions/b");\n` +
        `const handler = serve({ client: inngest, functions: [fa.a, b] });\nmodule.exports = handler;\n`,
    });
    expect(summarise(findings)).toEqual([
      "untyped-event src/functions/a.js:2",
      "untyped-event src/functions/b.js:2",
      "function-not-served src/functions/c.js:2",
      "untyped-event src/functions/c.js:2",
    ]);
  });
});

describe("import aliases", () => {
  it("follows tsconfig paths inherited through extends", async () => {
    const findings = await checkFiles({
      ...base,
      "tsconfig.base.json": `{\n  // comments and trailing commas are fine\n  "compilerOptions": { "baseUrl": ".", "paths": { "@/*": ["./src/*"], }, },\n}\n`,
      "tsconfig.json": `{ "extends": "./tsconfig.base.json", "compilerOptions": { "strict": true } }`,
      "src/functions/a.ts": fn("a", "@"),
      "src/functions/b.ts": fn("b", "@"),
      "src/api/route.ts": route(`import { a } from "@/functions/a";`, "[a]"),
    });
    // b is found through the alias too: it is the one not served.
    expect(summarise(findings)).toEqual(["function-not-served src/functions/b.ts:3"]);
  });

  it("resolves paths relative to the config that declares them, also from a package's config", async () => {
    const files = {
      ...base,
      "src/functions/a.ts": fn("a", "~"),
      "src/functions/b.ts": fn("b", "~"),
      "src/api/route.ts": route(`import { a } from "~/functions/a";`, "[a]"),
    };
    // No baseUrl: "../src/*" is relative to config/, where the paths are declared.
    const inFolder = await checkFiles({
      ...files,
      "config/tsconfig.base.json": `{ "compilerOptions": { "paths": { "~/*": ["../src/*"] } } }`,
      "tsconfig.json": `{ "extends": "./config/tsconfig.base.json" }`,
    });
    expect(summarise(inFolder)).toEqual(["function-not-served src/functions/b.ts:3"]);
    const fromPackage = await checkFiles({
      ...files,
      "node_modules/@acme/tsconfig/base.json": `{ "compilerOptions": { "baseUrl": "../../..", "paths": { "~/*": ["src/*"] } } }`,
      "tsconfig.json": `{ "extends": ["@acme/tsconfig/base.json"] }`,
    });
    expect(summarise(fromPackage)).toEqual(["function-not-served src/functions/b.ts:3"]);
  });

  it("uses each package's own tsconfig in a monorepo checked from its root", async () => {
    const app = (name: string) => ({
      [`packages/${name}/tsconfig.json`]: `{ "compilerOptions": { "paths": { "~/*": ["./src/*"] } } }`,
      [`packages/${name}/src/client.ts`]: client,
      [`packages/${name}/src/events.ts`]: events,
      [`packages/${name}/src/functions/a.ts`]: fn("a", "~"),
      [`packages/${name}/src/functions/b.ts`]: fn("b", "~"),
      [`packages/${name}/src/api/route.ts`]: route(`import { a } from "~/functions/a";\nimport { b } from "~/functions/b";`, name === "one" ? "[a, b]" : "[a]"),
    });
    const findings = await checkFiles({ "tsconfig.json": `{ "files": [] }`, ...app("one"), ...app("two") });
    // Same ids in two apps (two clients) are fine; the second app forgets b.
    expect(summarise(findings)).toEqual(["function-not-served packages/two/src/functions/b.ts:3"]);
  });

  it("follows package.json imports (#lib/*), as SvelteKit 3 projects use them", async () => {
    const findings = await checkFiles({
      "package.json": JSON.stringify({ name: "x", type: "module", imports: { "#lib/*": "./src/lib/*" } }),
      "src/lib/client.ts": client,
      "src/lib/events.ts": events,
      "src/lib/functions/a.ts": fn("a", "#lib"),
      "src/lib/functions/b.ts": fn("b", "#lib"),
      "src/routes/api/inngest/+server.ts": `import { serve } from "inngest/sveltekit";\nimport { inngest } from "#lib/client.ts";\nimport { a } from "#lib/functions/a.ts";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [a] });\n`,
    });
    expect(summarise(findings)).toEqual(["function-not-served src/lib/functions/b.ts:3"]);
  });
});

describe("Inngest under other names", () => {
  const body = (client: string, params: string, step: string) =>
    `export const f = ${client}.createFunction({ id: "f", triggers: [userSignedUp], retries: 1 }, async (${params}) => {\n  ${step}.run("send-email", () => 1);\n});\n`;

  it("finds a client created from an aliased import, with another name", async () => {
    const findings = await checkFiles({
      "src/client.ts": `import { Inngest as I } from "inngest";\nexport const app = new I({ id: "app" });\n`,
      "src/events.ts": events,
      "src/f.ts": `import { app as jobs } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\n${body("jobs", "{ event, step: s }", "s")}`,
    });
    expect(summarise(findings)).toEqual(["serve-handler-missing src/f.ts:3", "unawaited-step src/f.ts:4"]);
  });

  it("finds a client from a namespace import, and steps reached through the context", async () => {
    const findings = await checkFiles({
      "src/client.ts": `import * as Ing from "inngest";\nexport const client = new Ing.Inngest({ id: "app" });\n`,
      "src/events.ts": events,
      "src/f.ts": `import { client } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\n${body("client", "ctx", "ctx.step")}`,
      "src/serve.ts": `import * as next from "inngest/next";\nimport { client } from "./client.ts";\nimport { f } from "./f.ts";\nexport const { GET, POST, PUT } = next.serve({ client, functions: [f] });\n`,
    });
    expect(summarise(findings)).toEqual(["unawaited-step src/f.ts:4"]);
  });

  it("ignores a step variable that shadows the handler's", async () => {
    const findings = await checkFiles({
      ...base,
      "src/f.ts": `import { inngest } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\nexport const f = inngest.createFunction({ id: "f", triggers: [userSignedUp], retries: 1 }, async ({ step }) => {\n  const helper = (step: { run(id: string): void }) => step.run("Not A Step");\n  await step.sleep("wait-a-bit", "1m");\n  return helper;\n});\nimport { serve } from "inngest/express";\nexport const h = serve({ client: inngest, functions: [f] });\n`,
    });
    expect(summarise(findings)).toEqual([]);
  });

  it("does not take another library's createFunction for Inngest's", async () => {
    const findings = await checkFiles({
      "src/other.ts": `const factory = { createFunction: (o: object, f: () => void) => f };\nexport const x = factory.createFunction({ id: "Bad Id" }, () => {});\n`,
    });
    expect(summarise(findings)).toEqual([]);
  });
});
