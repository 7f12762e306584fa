import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { writeProject } from "../support/check-project.ts";
import { runCli } from "../support/project.ts";

/**
 * An Express app on inngest 4 with a mistake `check --fix` repairs (a sleep in milliseconds) and
 * two it only suggests a fix for (a function missing from serve(), which would start running, and
 * a wait without timeout).
 */
const files = {
  "package.json": JSON.stringify({ name: "desk", type: "module", dependencies: { inngest: "^4.0.0", express: "^5.0.0" } }),
  "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "desk" });\n`,
  "src/tickets.ts": `import { inngest } from "./client.ts";

export const closeTicket = inngest.createFunction({ id: "close-ticket", retries: 2, triggers: [{ event: "desk/ticket.solved" }] }, async ({ step }) => {
  await step.sleep("grace-period", 7200000);
  const reply = await step.waitForEvent("await-reopen", { event: "desk/ticket.reopened" });
  return reply;
});

export const tagTicket = inngest.createFunction({ id: "tag-ticket", retries: 2, triggers: [{ event: "desk/ticket.created" }] }, async () => "tagged");
`,
  "src/server.ts": `import express from "express";
import { serve } from "inngest/express";
import { inngest } from "./client.ts";
import { closeTicket } from "./tickets.ts";

const app = express();
app.use(express.json({ limit: "10mb" }));
app.use("/api/inngest", serve({ client: inngest, functions: [closeTicket] }));
app.listen(3000);
`,
};

const check = (root: string, ...args: string[]) => runCli(["check", root, ...args], { cwd: root });
const snapshot = (root: string) => Object.fromEntries(Object.keys(files).map((f) => [f, readFileSync(path.join(root, f), "utf8")]));

describe("create-inngest-app check --fix", () => {
  it("--dry-run shows each fix as a diff and the suggestion with its risk, and writes nothing", async () => {
    const root = await writeProject(files);
    const { exitCode, stdout } = await check(root, "--dry-run");
    expect(exitCode).toBe(1); // the findings are still there
    expect(stdout).toContain("Fixes (dry run: nothing written):");
    expect(stdout).toContain(`+app.use("/api/inngest", serve({ client: inngest, functions: [closeTicket, tagTicket] }));`);
    expect(stdout).toContain(`+import { closeTicket, tagTicket } from "./tickets.ts";`);
    expect(stdout).toContain(`+  await step.sleep("grace-period", "2h");`);
    expect(stdout).toContain("Suggestions (not applied: each chooses for you; apply with --fix-suggestions wait-without-timeout,function-not-served):");
    expect(stdout).toContain("risk: After 7d the step resolves to null");
    expect(stdout).toContain("risk: It starts running, on its events or schedule");
    expect(snapshot(root)).toEqual(files);
  });

  it("--fix writes the safe fixes, checks again, and a second run changes nothing", async () => {
    const root = await writeProject(files);
    const first = await check(root, "--fix");
    expect(first.stdout).toContain("Fixed 1 finding in 1 file; checking again:");
    // What is left are the suggestions' findings (errors): still exit 1.
    expect(first.stdout).toMatch(/wait-without-timeout/);
    expect(first.stdout).toMatch(/function-not-served/);
    expect(first.exitCode).toBe(1);
    const after = snapshot(root);
    expect(after["src/server.ts"]).toBe(files["src/server.ts"]);
    expect(after["src/tickets.ts"]).toBe(files["src/tickets.ts"].replace("7200000", `"2h"`));

    const second = await check(root, "--fix");
    expect(second.stdout).not.toContain("Fixes:");
    expect(snapshot(root)).toEqual(after);
  });

  it("--fix-suggestions <rule> applies that rule's suggestions, and only warnings are left", async () => {
    const root = await writeProject(files);
    const { exitCode, stdout } = await check(root, "--fix-suggestions", "wait-without-timeout,function-not-served");
    expect(stdout).toContain("Fixed 3 findings in 2 files; checking again:");
    expect(stdout).toMatch(/^3 problems \(3 warnings\) in 3 files checked, inngest 4\.x\.$/m);
    expect(exitCode).toBe(0);
    expect(snapshot(root)["src/tickets.ts"]).toContain(`{ timeout: "7d", event: "desk/ticket.reopened" }`);
  });

  it("refuses an unknown rule, or one with no suggestion, before changing anything (exit 2)", async () => {
    const root = await writeProject(files);
    const typo = await check(root, "--fix-suggestions", "wait-without-timout");
    expect(typo.exitCode).toBe(2);
    expect(typo.stderr).toContain(`Unknown rule "wait-without-timout" (did you mean "wait-without-timeout"?)`);
    const none = await check(root, "--fix-suggestions", "nested-step");
    expect(none.exitCode).toBe(2);
    expect(none.stderr).toContain(`"nested-step" has no suggested fix`);
    expect(snapshot(root)).toEqual(files);
  });

  it("with --format sarif, stdout stays SARIF (with fixes) and the diffs go to stderr", async () => {
    const root = await writeProject(files);
    const { stdout, stderr } = await check(root, "--dry-run", "--format", "sarif");
    const sarif = JSON.parse(stdout);
    const fixed = sarif.runs[0].results.filter((r: { fixes?: unknown[] }) => r.fixes).map((r: { ruleId: string; fixes: { properties: { kind: string } }[] }) => [r.ruleId, r.fixes[0]!.properties.kind]);
    expect(fixed).toEqual([
      ["sleep-duration-number", "safe"],
      ["wait-without-timeout", "suggestion"],
      ["function-not-served", "suggestion"],
    ]);
    expect(stderr).toContain("Fixes (dry run: nothing written):");
  });
});

/**
 * An Express app on inngest 3, all CommonJS (require, module.exports), single quotes and no
 * semicolons: the fixes must keep it CommonJS and in its style, and valid for inngest 3.
 */
const commonJsFiles = {
  "package.json": JSON.stringify({ name: "garage", dependencies: { inngest: "^3.40.0", express: "^4.19.0" } }),
  "client.js": `const { Inngest } = require('inngest')\nconst inngest = new Inngest({ id: 'garage' })\nmodule.exports = { inngest }\n`,
  "jobs.js": `const { inngest } = require('./client')

// Reminds the owner a day before the booking.
const remindOwner = inngest.createFunction({ id: 'remind-owner', retries: 2 }, { event: 'garage/booking.made' }, async ({ step }) => {
  await step.sleep('until-the-eve', 86400000)
})

const orderParts = inngest.createFunction({ id: 'order-parts' }, { event: 'garage/parts.needed' }, async () => 'ordered')

module.exports = { remindOwner, orderParts }
`,
  "server.js": `const express = require('express')
const { serve } = require('inngest/express')
const { inngest } = require('./client')
const { remindOwner } = require('./jobs')

const app = express()
app.use(express.json({ limit: '10mb' }))
app.use('/api/inngest', serve({ client: inngest, functions: [remindOwner] }))
app.listen(3000)
`,
};

describe("create-inngest-app check --fix on a CommonJS app on inngest 3", () => {
  it("requires the function it registers, writes the sleep as a string, applies the asked suggestion; a second run changes nothing", async () => {
    const root = await writeProject(commonJsFiles);
    const first = await check(root, "--fix", "--fix-suggestions", "no-retry-policy,function-not-served");
    expect(first.stdout).toContain("Fixed 3 findings in 2 files; checking again:");
    const read = (file: string) => readFileSync(path.join(root, file), "utf8");
    expect(read("server.js")).toBe(commonJsFiles["server.js"].replace("const { remindOwner } = require('./jobs')", "const { remindOwner, orderParts } = require('./jobs')").replace("functions: [remindOwner]", "functions: [remindOwner, orderParts]"));
    expect(read("jobs.js")).toBe(commonJsFiles["jobs.js"].replace("86400000", "'1d'").replace("{ id: 'order-parts' }", "{ retries: 4, id: 'order-parts' }"));
    expect(first.stdout.split("checking again:")[1]).not.toMatch(/function-not-served|sleep-duration-number|no-retry-policy/);

    const again = await check(root, "--fix", "--fix-suggestions", "no-retry-policy,function-not-served");
    expect(again.stdout).not.toContain("Fixes:");
    expect(read("server.js") + read("jobs.js")).toBe(
      commonJsFiles["server.js"].replace("const { remindOwner } = require('./jobs')", "const { remindOwner, orderParts } = require('./jobs')").replace("functions: [remindOwner]", "functions: [remindOwner, orderParts]") +
        commonJsFiles["jobs.js"].replace("86400000", "'1d'").replace("{ id: 'order-parts' }", "{ retries: 4, id: 'order-parts' }"),
    );
  });
});
