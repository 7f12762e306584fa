import { stripVTControlCharacters } from "node:util";
import { describe, expect, it } from "vitest";
import { lockedVersion, majorOfRange } from "../../../src/check/packages.ts";
import { failsRun, formatJson, formatSarif, formatText } from "../../../src/check/report.ts";
import { checkProject, sdkLabel } from "../../../src/check/run-check.ts";
import { summarise, writeProject } from "../../support/check-project.ts";

/**
 * The inngest version of each package (package.json range, lockfile) decides how findings read:
 * on inngest 3.x, v4-migration findings are a group of their own that fails nothing by default,
 * and hints fit 3.x.
 */
const v3Client = `import { EventSchemas, Inngest } from "inngest";\ntype Events = { "crm/contact.added": { data: { contactId: string } } };\nexport const inngest = new Inngest({ id: "crm", schemas: new EventSchemas().fromRecord<Events>() });\n`;
const v3Function = `import { inngest } from "./client";\nexport const enrich = inngest.createFunction(\n  { id: "enrich-contact", retries: 3 },\n  { event: "crm/contact.added" },\n  async ({ event, step }) => {\n    await step.run("look-up-company", () => event.data.contactId.length);\n  },\n);\n`;
const v3Serve = `import { serve } from "inngest/express";\nimport { inngest } from "./client";\nimport { enrich } from "./enrich";\nexport const handler = serve({ client: inngest, functions: [enrich] });\n`;
const v3App = (inngestRange: string) => ({
  "package.json": JSON.stringify({ name: "crm", dependencies: { inngest: inngestRange } }),
  "src/client.ts": v3Client,
  "src/enrich.ts": v3Function,
  "src/serve.ts": v3Serve,
});

describe("inngest version per package", () => {
  it("correct v3 code fails nothing by default; its v4-migration findings are grouped apart, and fail with --fail-on-migration", async () => {
    const result = checkProject(await writeProject(v3App("^3.27.0")));
    expect(summarise(result.findings)).toEqual(["v3-event-schemas src/client.ts:1", "v3-client-options src/client.ts:3", "v3-three-argument-create-function src/enrich.ts:4"]);
    expect(result.findings.every((f) => f.group === "migration")).toBe(true);
    expect(result.packages).toEqual([expect.objectContaining({ dir: "", name: "crm", sdk: "inngest 3.x" })]);
    expect(failsRun(result, { strict: true })).toBe(false);
    expect(failsRun(result, { failOnMigration: true })).toBe(true);
    const text = formatText(result);
    expect(text).toMatch(/Moving to inngest v4 \(correct on inngest 3\.x; these do not fail the run, --fail-on-migration makes them\)/);
    expect(text).toMatch(/in 3 files checked, inngest 3\.x; 3 v4-migration findings apart\.$/m);
    // As the text says and the exit code does: none of them is a problem of 3.x code.
    expect(JSON.parse(formatJson(result)).summary).toEqual({ problems: 0, critical: 0, error: 0, warning: 0, info: 0, migration: 3 });
    const sarif = JSON.parse(formatSarif(result, { rules: new Map() }, "0.0.0"));
    expect(sarif.runs[0].results.map((r: { level: string }) => r.level)).toEqual(["note", "note", "note"]);
  });

  it("on v3, step.invoke with a string id and Promise.race over steps are migration notes too", async () => {
    const caller = `import { inngest } from "./client";\nexport const caller = inngest.createFunction(\n  { id: "call-enrich", retries: 1 },\n  { event: "crm/contact.added" },\n  async ({ step }) => {\n    await step.invoke("run-enrich", { function: "crm-enrich-contact", data: { contactId: "c1" } });\n    await Promise.race([step.sleep("short-nap", "1m"), step.sleep("long-nap", "1h")]);\n  },\n);\n`;
    const serve = v3Serve.replace("import { enrich } from \"./enrich\";", "import { enrich } from \"./enrich\";\nimport { caller } from \"./caller\";").replace("[enrich]", "[enrich, caller]");
    const result = checkProject(await writeProject({ ...v3App("^3.27.0"), "src/caller.ts": caller, "src/serve.ts": serve }));
    const own = result.findings.filter((f) => f.file === "src/caller.ts");
    expect(own.map((f) => `${f.ruleId} ${f.group}`)).toEqual(["v3-three-argument-create-function migration", "invoke-string-id migration", "promise-race-steps migration"]);
    expect(failsRun(result)).toBe(false);
  });

  it("the same code on inngest 4 is wrong and fails", async () => {
    const result = checkProject(await writeProject(v3App("^4.2.0")));
    expect(result.findings.map((f) => f.group)).toEqual([undefined, undefined, undefined]);
    expect(failsRun(result)).toBe(true);
    expect(result.packages[0]!.sdk).toBe("inngest 4.x");
  });

  it("names a dist-tag, and nothing for a path or URL", async () => {
    expect(sdkLabel({ major: 3, range: "^3.2.0" })).toBe("inngest 3.x");
    expect(sdkLabel({ range: "latest" })).toBe("inngest@latest");
    expect(sdkLabel({ range: "file:../../packages/inngest/inngest.tgz" })).toBeUndefined();
    expect(sdkLabel({})).toBeUndefined();
  });

  it("a package that declares no inngest takes the range of the package above it (a monorepo root's dependencies)", async () => {
    const result = checkProject(
      await writeProject({
        "package.json": JSON.stringify({ name: "root", private: true, workspaces: ["packages/*"], dependencies: { inngest: "^3.40.0" } }),
        "packages/jobs/package.json": JSON.stringify({ name: "jobs" }),
        "packages/jobs/src/client.ts": v3Client,
        "packages/jobs/src/enrich.ts": v3Function,
        "packages/jobs/src/serve.ts": v3Serve,
      }),
    );
    expect(result.findings.every((f) => f.group === "migration" && f.package === "packages/jobs")).toBe(true);
    expect(result.packages.map((p) => `${p.dir} ${p.sdk}`)).toEqual(["packages/jobs inngest 3.x"]);
  });

  it("the lockfile wins over a range that names no version", async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "crm" }, "node_modules/inngest": { version: "3.31.4" } } });
    const result = checkProject(await writeProject({ ...v3App("latest"), "package-lock.json": lock }));
    expect(result.packages[0]!.inngest).toEqual({ range: "latest", locked: "3.31.4", major: 3 });
    expect(failsRun(result)).toBe(false);
  });

  it("package.json moved past the lockfile (migrated, not installed yet) reads as the declared major: no advice to put v3 code back", async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "crm" }, "node_modules/inngest": { version: "3.50.0" } } });
    const result = checkProject(await writeProject({ ...v3App("^4.24.0"), "package-lock.json": lock }));
    expect(result.packages[0]!.inngest).toEqual({ range: "^4.24.0", locked: "3.50.0", major: 4 });
    expect(result.findings.some((f) => f.group === "migration")).toBe(false);
    expect(result.findings.map((f) => f.hint).join("\n")).not.toContain("EventSchemas()");
  });

  it("on v3, a bare event name is typed by a client with schemas, else the hint names EventSchemas, not eventType()", async () => {
    const send = `import { inngest } from "./client";\nexport async function added(contactId: string) {\n  await inngest.send({ name: "crm/contact.added", data: { contactId } });\n}\n`;
    const typed = checkProject(await writeProject({ ...v3App("^3.27.0"), "src/added.ts": send }));
    expect(summarise(typed.findings).filter((s) => s.startsWith("untyped-event"))).toEqual([]);
    const untypedClient = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "crm" });\n`;
    const untyped = checkProject(await writeProject({ ...v3App("^3.27.0"), "src/client.ts": untypedClient, "src/added.ts": send }));
    const finding = untyped.findings.find((f) => f.ruleId === "untyped-event");
    expect(finding?.hint).toMatch(/EventSchemas/);
    expect(finding?.hint).not.toMatch(/eventType/);
  });

  it("a monorepo: findings per package, each named with its version, and a summary per rule and per package", async () => {
    const result = checkProject(
      await writeProject({
        "package.json": JSON.stringify({ name: "suite", private: true, workspaces: ["apps/*"] }),
        "apps/legacy/package.json": JSON.stringify({ name: "legacy", dependencies: { inngest: "~3.19.0" } }),
        "apps/legacy/src/client.ts": v3Client,
        "apps/legacy/src/enrich.ts": v3Function,
        "apps/legacy/src/serve.ts": v3Serve,
        "apps/modern/package.json": JSON.stringify({ name: "modern", dependencies: { inngest: "^4.0.0" } }),
        "apps/modern/src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "modern" });\n`,
        "apps/modern/src/job.ts": `import { inngest } from "./client";\nexport const job = inngest.createFunction({ id: "nightly", triggers: [{ cron: "0 2 * * *" }], retries: 1 }, async ({ step }) => {\n  await step.run("Tidy Up", () => 1);\n});\n`,
        "apps/modern/src/serve.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client";\nimport { job } from "./job";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [job] });\n`,
      }),
    );
    expect(result.findings.map((f) => `${f.package} ${f.ruleId}`)).toEqual([
      "apps/legacy v3-event-schemas",
      "apps/legacy v3-client-options",
      "apps/legacy v3-three-argument-create-function",
      "apps/modern step-id-style",
    ]);
    // The root declares no inngest, so it is not listed; each app is, with its own version.
    expect(result.packages.map((p) => `${p.dir} ${p.sdk}`)).toEqual(["apps/legacy inngest 3.x", "apps/modern inngest 4.x"]);
    // Colours are on in CI (CI=true), as for a user's CI log: the layout is what is checked here.
    const text = stripVTControlCharacters(formatText(result));
    expect(text).toMatch(/^apps\/modern \(inngest 4\.x\)\n {2}apps\/modern\/src\/job\.ts:3:\d+ {2}warning/m);
    expect(text).toMatch(/^By rule:\n(?: {2}\S+ +\d+ {2}.+\n)+By package:\n {2}apps\/legacy \(inngest 3\.x\) +3 v4-migration findings\n {2}apps\/modern \(inngest 4\.x\) +1 warning\n/m);
  });
});

describe("inngest 2.x and older", () => {
  // v2: the client has a name, a function's id is slugify(app name + name) unless given (then used
  // as is, without the app), and sleep/waitForEvent/sendEvent take no step id.
  const v2App = (inngestRange: string) => ({
    // A script named like the package comes first: the finding points at the dependency.
    "package.json": `{\n  "name": "crm",\n  "scripts": { "inngest": "npx inngest-cli dev" },\n  "dependencies": {\n    "express": "^4.18.0",\n    "inngest": "${inngestRange}"\n  }\n}\n`,
    "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ name: "CRM" });\n`,
    "src/enrich.ts": `import { inngest } from "./client";\nexport const enrich = inngest.createFunction(\n  { name: "Enrich contact" },\n  { event: "crm/contact.added" },\n  async ({ step }) => {\n    await step.waitForEvent("crm/contact.enriched", { timeout: "1d" });\n    await step.sleep("1 hour");\n    step.run("Look up company", () => fetch("https://example.com"));\n  },\n);\n`,
  });

  it("is not checked with rules that read 3 and 4: one info finding on the package's inngest line, nothing to fix, nothing failed", async () => {
    const result = checkProject(await writeProject(v2App("^2.7.2")));
    expect(result.findings.map((f) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}:${f.column} ${f.package}`)).toEqual(["sdk-before-v3 info package.json:6:5 "]);
    expect(result.findings[0]!.message).toMatch(/^inngest 2\.x is older than inngest 3.*an `id` given to a function replaces its app-prefixed id/);
    expect(result.findings[0]!.hint).toMatch(/slugify\(name\)/);
    expect(result.findings.some((f) => f.fix)).toBe(false);
    expect(result.serveHandlerWanted).toBeUndefined();
    expect(failsRun(result, { strict: true, failOnMigration: true })).toBe(false);
  });

  it("a 1.x lockfile under a loose range reads as 1.x too; a file that does not parse is still said", async () => {
    const lock = JSON.stringify({ lockfileVersion: 3, packages: { "": { name: "crm" }, "node_modules/inngest": { version: "1.10.1" } } });
    const result = checkProject(await writeProject({ ...v2App("*"), "package-lock.json": lock, "src/broken.ts": `import { inngest } from "./client";\nexport const x = (;\n` }));
    expect(summarise(result.findings)).toEqual(["sdk-before-v3 package.json:6", "parse-error src/broken.ts:2"]);
    expect(result.findings[0]!.message).toMatch(/^inngest 1\.x/);
  });

  it("in a monorepo, only the old package is left unchecked; a package without Inngest code gets no finding", async () => {
    const result = checkProject(
      await writeProject({
        "package.json": JSON.stringify({ name: "suite", private: true, workspaces: ["apps/*"] }),
        ...Object.fromEntries(Object.entries(v2App("^2.0.0")).map(([file, text]) => [`apps/old/${file}`, text])),
        "apps/idle/package.json": JSON.stringify({ name: "idle", dependencies: { inngest: "^1.0.0" } }),
        "apps/modern/package.json": JSON.stringify({ name: "modern", dependencies: { inngest: "^4.0.0" } }),
        "apps/modern/src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "modern" });\n`,
        "apps/modern/src/job.ts": `import { inngest } from "./client";\nexport const job = inngest.createFunction({ triggers: [{ cron: "0 2 * * *" }], retries: 1 }, async ({ step }) => {\n  await step.run("tidy-up", () => 1);\n});\n`,
        "apps/modern/src/serve.ts": `import { serve } from "inngest/next";\nimport { inngest } from "./client";\nimport { job } from "./job";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [job] });\n`,
      }),
    );
    expect(result.findings.map((f) => `${f.package} ${f.ruleId} ${f.file}`)).toEqual(["apps/modern function-missing-id apps/modern/src/job.ts", "apps/old sdk-before-v3 apps/old/package.json"]);
  });
});

describe("reading versions", () => {
  it("majors of ranges", () => {
    expect(["^3.1.0", "~3", "3.x", ">=3.2 <4", "v4.0.1", "4", "npm:inngest@3.1.0", "latest", "*", "github:inngest/inngest-js"].map(majorOfRange)).toEqual([3, 3, 3, 3, 4, 4, 3, undefined, undefined, undefined]);
  });

  it("pnpm-lock.yaml importers, yarn.lock (classic and berry) and bun.lock", () => {
    const pnpm = `lockfileVersion: '9.0'\n\nimporters:\n\n  .:\n    devDependencies:\n      turbo:\n        specifier: ^2\n        version: 2.1.0\n\n  apps/web:\n    dependencies:\n      inngest:\n        specifier: ^3.0.0\n        version: 3.22.1(typescript@5.6.2)\n\npackages:\n\n  inngest@3.22.1:\n    resolution: {integrity: sha512-x}\n`;
    expect(lockedVersion("pnpm-lock.yaml", pnpm, "apps/web", "^3.0.0")).toBe("3.22.1");
    expect(lockedVersion("pnpm-lock.yaml", pnpm, "", undefined)).toBeUndefined();
    const yarn = `# yarn lockfile v1\n\n\n"inngest@^3.0.0", inngest@^3.1.0:\n  version "3.25.0"\n  resolved "https://registry.yarnpkg.com/inngest/-/inngest-3.25.0.tgz"\n\ninngest@^4.0.0:\n  version "4.3.0"\n`;
    expect(lockedVersion("yarn.lock", yarn, "", "^4.0.0")).toBe("4.3.0");
    expect(lockedVersion("yarn.lock", yarn, "", "^3.1.0")).toBe("3.25.0");
    const berry = `__metadata:\n  version: 8\n\n"inngest@npm:^3.2.0":\n  version: 3.28.0\n  resolution: "inngest@npm:3.28.0"\n`;
    expect(lockedVersion("yarn.lock", berry, "", "^3.2.0")).toBe("3.28.0");
    const bun = `{\n  "lockfileVersion": 1,\n  "packages": {\n    "inngest": ["inngest@3.40.1", "", {}, "sha512-x"],\n  }\n}\n`;
    expect(lockedVersion("bun.lock", bun, "", "^3")).toBe("3.40.1");
  });
});
