import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeProject } from "../support/check-project.ts";
import { runCli } from "../support/project.ts";
import { cliPath } from "../support/paths.ts";

/**
 * `check --fix` on functions no serve handler exposes: add's engine creates the serve handler of
 * the detected framework, registering every function of the project, or offers nothing when it
 * would have to guess.
 */

/** A Next.js app written by hand: client in src/lib, functions in src/jobs (one not exported, one a default export), `@/` alias. */
const nextApp = {
  "package.json": JSON.stringify({ name: "recipes", private: true, dependencies: { next: "^15.5.0", react: "^19.1.0", "react-dom": "^19.1.0", inngest: "^4.1.0" }, devDependencies: { typescript: "^5.9.0" } }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", paths: { "@/*": ["./src/*"] } } }),
  "src/lib/inngest.ts": `import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "recipes" });\n`,
  "src/jobs/import-recipe.ts": `import { inngest } from "@/lib/inngest";

// Fetches a recipe page and stores it.
export const importRecipe = inngest.createFunction(
  { id: "import-recipe", retries: 2, triggers: [{ event: "recipes/import.requested" }] },
  async ({ step }) => step.run("fetch-page", async () => "<html></html>"),
);
`,
  "src/jobs/digest.ts": `import { inngest } from "@/lib/inngest";

const weeklyDigest = inngest.createFunction({ id: "weekly-digest", retries: 1, triggers: [{ cron: "0 8 * * 1" }] }, async ({ step }) => {
  await step.run("send", async () => "sent");
});
`,
  "src/jobs/cleanup.ts": `import { inngest } from "@/lib/inngest";\n\nexport default inngest.createFunction({ id: "cleanup-drafts", retries: 0, triggers: [{ cron: "0 3 * * *" }] }, async () => "cleaned");\n`,
  "src/app/page.tsx": `export default function Home() {\n  return <main>Recipes</main>;\n}\n`,
};

/** An Express app on inngest 4 whose function is defined but never mounted. */
const expressApp = {
  "package.json": JSON.stringify({ name: "billing", type: "module", dependencies: { express: "^5.1.0", inngest: "^4.1.0" }, devDependencies: { typescript: "^5.9.0" } }),
  "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", allowImportingTsExtensions: true, noEmit: true } }),
  "src/inngest/client.ts": `import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "billing" });\n`,
  "src/inngest/invoice.ts": `import { inngest } from "./client.ts";\n\nexport const sendInvoice = inngest.createFunction({ id: "send-invoice", retries: 4, triggers: [{ cron: "0 0 1 * *" }] }, async () => "sent");\n`,
  "src/server.ts": `import express from "express";

const app = express();
app.get("/health", (_req, res) => {
  res.send("ok");
});
app.listen(3000);
`,
};

const check = (root: string, ...args: string[]) => runCli(["check", root, ...args], { cwd: root, env: { NO_COLOR: "1" } });
const read = (root: string, file: string) => readFileSync(path.join(root, file), "utf8");
const contents = (root: string, files: Record<string, string>) => Object.fromEntries(Object.keys(files).map((f) => [f, read(root, f)]));

describe("check --fix: the missing serve handler", () => {
  it("Next.js: --dry-run shows the route and the functions list it would create, and writes nothing", async () => {
    const root = await writeProject(nextApp);
    const { exitCode, stdout } = await check(root, "--dry-run");
    expect(exitCode).toBe(1);
    expect(stdout).toContain("fix  Create the Next.js serve handler at /api/inngest (src/app/api/inngest/route.ts), registering the project's 3 functions.  serve-handler-missing");
    expect(stdout).toContain("+++ b/src/app/api/inngest/route.ts");
    expect(contents(root, nextApp)).toEqual(nextApp);
    expect(existsSync(path.join(root, "src/app/api/inngest/route.ts"))).toBe(false);
  });

  it("Next.js: --fix creates the route and the list (every function, the unexported one exported), and a second run changes nothing", async () => {
    const root = await writeProject(nextApp);
    const first = await check(root, "--fix");
    expect(first.stdout).toContain("Fixed 1 finding in 3 files; checking again:");
    // Checked again: the serve rules are satisfied; the bare event name is a warning of its own.
    expect(first.stdout.split("checking again:")[1]).not.toMatch(/serve-handler|function-not-served/);
    expect(first.exitCode).toBe(0);

    expect(read(root, "src/app/api/inngest/route.ts")).toBe(
      `import { serve } from "inngest/next";\nimport { inngest } from "@/lib/inngest";\nimport { functions } from "@/inngest/functions";\n\nexport const { GET, POST, PUT } = serve({ client: inngest, functions });\n`,
    );
    const list = read(root, "src/inngest/functions/index.ts");
    expect(list).toContain(`import cleanupFunction from "../../jobs/cleanup";\nimport { weeklyDigest } from "../../jobs/digest";\nimport { importRecipe } from "../../jobs/import-recipe";\n`);
    expect(list).toContain("export const functions = [cleanupFunction, weeklyDigest, importRecipe];");
    // Only `export` is added; the rest of the user's file is byte-identical.
    expect(read(root, "src/jobs/digest.ts")).toBe(nextApp["src/jobs/digest.ts"].replace("const weeklyDigest", "export const weeklyDigest"));
    for (const file of ["src/jobs/import-recipe.ts", "src/jobs/cleanup.ts", "src/lib/inngest.ts"] as const) expect(read(root, file)).toBe(nextApp[file]);

    const after = { ...contents(root, nextApp), route: read(root, "src/app/api/inngest/route.ts"), list };
    const second = await check(root, "--fix");
    expect(second.stdout).toContain("Nothing to fix automatically.");
    expect({ ...contents(root, nextApp), route: read(root, "src/app/api/inngest/route.ts"), list: read(root, "src/inngest/functions/index.ts") }).toEqual(after);
  });

  it("Express: mounts serve() on the app right after it is created, with the JSON limit Inngest needs", async () => {
    const root = await writeProject(expressApp);
    const { exitCode, stdout } = await check(root, "--fix");
    expect(stdout).toContain("fix  Mount the Express serve handler at /api/inngest in src/server.ts, registering the project's 1 function.");
    expect(exitCode).toBe(0);
    const server = read(root, "src/server.ts");
    expect(server).toContain(`import { serve } from "inngest/express";\nimport { inngest } from "./inngest/client.ts";\nimport { functions } from "./inngest/functions/index.ts";\n`);
    expect(server).toMatch(/const app = express\(\);\n\n.*\napp\.use\("\/api\/inngest", express\.json\(\{ limit: "10mb" \}\), serve\(\{ client: inngest, functions \}\)\);\napp\.get\("\/health"/);
    expect(read(root, "src/inngest/functions/index.ts")).toContain(`import { sendInvoice } from "../invoice.ts";`);
  });

  it("a module `inngest/functions.ts` beside the new `inngest/functions/index.ts`: imports name the list by its index", async () => {
    const root = await writeProject({
      "package.json": nextApp["package.json"],
      "tsconfig.json": JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler", paths: { "@/*": ["./*"] } } }),
      "inngest/client.ts": `import { Inngest } from "inngest";\n\nexport const inngest = new Inngest({ id: "flat" });\n`,
      "inngest/functions.ts": `import { inngest } from "./client";\n\nexport const ping = inngest.createFunction({ id: "ping", retries: 1, triggers: [{ cron: "* * * * *" }] }, async () => "pong");\n`,
      "app/page.tsx": nextApp["src/app/page.tsx"],
    });
    expect((await check(root, "--fix")).exitCode).toBe(0);
    // `@/inngest/functions` would resolve to functions.ts, which has no `functions` export.
    expect(read(root, "app/api/inngest/route.ts")).toContain(`import { functions } from "@/inngest/functions/index";`);
    expect(read(root, "inngest/functions/index.ts")).toContain(`import { ping } from "../functions";`);
  });

  it("inngest 3.x: the same handler (serve() is the same on v3), beside v3's three-argument functions", async () => {
    const root = await writeProject({
      ...expressApp,
      "package.json": JSON.stringify({ name: "billing", type: "module", dependencies: { express: "^4.21.0", inngest: "^3.40.0" }, devDependencies: { typescript: "^5.9.0" } }),
      "src/inngest/invoice.ts": `import { inngest } from "./client.ts";\n\nexport const sendInvoice = inngest.createFunction({ id: "send-invoice", retries: 4 }, { cron: "0 0 1 * *" }, async () => "sent");\n`,
    });
    const { stdout } = await check(root, "--fix");
    expect(stdout).toContain("fix  Mount the Express serve handler at /api/inngest in src/server.ts, registering the project's 1 function.");
    expect(read(root, "src/server.ts")).toContain(`serve({ client: inngest, functions })`);
    expect(read(root, "src/inngest/invoice.ts")).toContain(`{ id: "send-invoice", retries: 4 }, { cron: "0 0 1 * *" }`);
  });

  it("a long list goes one function per line, with a trailing comma", async () => {
    const names = ["sendMonthlyInvoice", "retryFailedPayment", "closeDormantAccount", "remindExpiringCard", "exportLedgerToWarehouse"];
    const jobs = names.map((name, i) => `export const ${name} = inngest.createFunction({ id: "job-${i}", retries: 1, triggers: [{ cron: "0 ${i} * * *" }] }, async () => ${i});`).join("\n");
    const root = await writeProject({ ...expressApp, "src/inngest/invoice.ts": `import { inngest } from "./client.ts";\n\n${jobs}\n` });
    expect((await check(root, "--fix")).exitCode).toBe(0);
    expect(read(root, "src/inngest/functions/index.ts")).toContain(`export const functions = [\n${names.map((n) => `  ${n},`).join("\n")}\n];`);
  });

  it("JSON and SARIF carry it as a fix: a new file is an insertion into an empty artifact", async () => {
    const root = await writeProject(expressApp);
    const { stdout } = await check(root, "--json");
    const finding = (JSON.parse(stdout) as { findings: { ruleId: string; fixes?: { artifactChanges: { artifactLocation: { uri: string }; replacements: { deletedRegion: { charLength: number }; insertedContent: { text: string } }[] }[] }[] }[] }).findings.find(
      (f) => f.ruleId === "serve-handler-missing",
    );
    const changes = finding?.fixes?.[0]?.artifactChanges ?? [];
    expect(changes.map((c) => c.artifactLocation.uri)).toEqual(["src/inngest/functions/index.ts", "src/server.ts"]);
    expect(changes[0]!.replacements[0]!.deletedRegion.charLength).toBe(0);
    // The server file gets its imports and its mount, not a rewrite of the whole file.
    expect(changes[1]!.replacements.map((r) => r.insertedContent.text).join("")).not.toContain("app.listen");
  });

  describe("offers no fix where it would guess (the finding keeps its hint)", () => {
    const noFix = async (files: Record<string, string>) => {
      const root = await writeProject(files);
      const { stdout } = await check(root, "--json");
      const findings = (JSON.parse(stdout) as { findings: { ruleId: string; fixes?: unknown[] }[] }).findings;
      expect(findings.map((f) => f.ruleId)).toContain("serve-handler-missing");
      expect(findings.find((f) => f.ruleId === "serve-handler-missing")?.fixes).toBeUndefined();
    };

    it("functions of two apps (clients)", async () => {
      await noFix({
        ...expressApp,
        "src/inngest/other.ts": `import { Inngest } from "inngest";\n\nconst reports = new Inngest({ id: "reports" });\nexport const nightly = reports.createFunction({ id: "nightly", retries: 1, triggers: [{ cron: "0 1 * * *" }] }, async () => 1);\n`,
      });
    });

    it("a functions list of the user's already at the place the list would go", async () => {
      await noFix({ ...expressApp, "src/inngest/functions/index.ts": `export * from "../invoice.ts";\n` });
    });

    it("a JavaScript project (add writes TypeScript)", async () => {
      const { "tsconfig.json": _, ...rest } = expressApp;
      await noFix({ ...rest, "package.json": JSON.stringify({ name: "billing", type: "module", dependencies: { express: "^5.1.0", inngest: "^4.1.0" } }) });
    });

    it("an Express app check cannot find", async () => {
      await noFix({ ...expressApp, "src/server.ts": `import { makeServer } from "./make-server.ts";\n\nmakeServer().listen(3000);\n` });
    });

    it("a function whose module does not export it (declared inside another value)", async () => {
      await noFix({
        ...expressApp,
        "src/inngest/invoice.ts": `import { inngest } from "./client.ts";\n\nexport const jobs = { sendInvoice: inngest.createFunction({ id: "send-invoice", retries: 4, triggers: [{ cron: "0 0 1 * *" }] }, async () => "sent") };\n`,
      });
    });
  });
});

describe("output into a pipe its reader closed (`check | head`)", () => {
  it("stops printing quietly: no EPIPE stack, the fix is still written, and the exit code is check's own", async () => {
    const root = await writeProject(expressApp);
    const { execa } = await import("execa");
    const result = await execa("bash", ["-c", `node "${cliPath}" check . --fix | head -n 1; echo "status=\${PIPESTATUS[0]}"`], { cwd: root, env: { ...process.env, NO_COLOR: "1" }, reject: false, all: true });
    expect(result.stdout).toMatch(/^Fixes:\nstatus=0$/);
    expect(result.stderr).not.toContain("EPIPE");
    expect(read(root, "src/server.ts")).toContain(`serve({ client: inngest, functions })`);
  });
});
