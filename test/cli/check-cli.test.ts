import { describe, expect, it } from "vitest";
import { patternIds } from "../../src/catalogue/patterns.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { writeProject } from "../support/check-project.ts";
import { optionsFor } from "../support/options.ts";
import { runCli, tempDir } from "../support/project.ts";

const client = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`;
/** An error (wait without timeout) and a warning (step id style), with a serve handler. */
const faulty = `import { eventType } from "inngest";
import { serve } from "inngest/express";
import { inngest } from "./client.ts";

const paid = eventType("app/invoice.paid");
export const f = inngest.createFunction({ id: "f", triggers: [paid], retries: 1, idempotency: "event.id" }, async ({ step }) => {
  await step.waitForEvent("wait-for-it", { event: paid });
  await step.sleep("Nap", "1m");
});
export const handler = serve({ client: inngest, functions: [f] });
`;
const warningsOnly = faulty.replace('{ event: paid }', '{ event: paid, timeout: "1h" }');

const check = async (args: string[], cwd?: string) => runCli(["check", ...args], { cwd: cwd ?? (await tempDir("check-cli")) });

describe("create-inngest-app check", () => {
  it("exits 0 on a generated project and says so", async () => {
    const plan = planCreate(optionsFor("next", { patterns: [...patternIds] }), "/work/my-app", loadTemplates());
    const root = await writeProject(Object.fromEntries(plan.files.map((f) => [f.path, f.content])));
    const { exitCode, stdout } = await check([root]);
    expect(exitCode).toBe(0);
    expect(stdout).toMatch(/^No problems found \(\d+ files checked, inngest 4\.x\)\.$/m);
  });

  it("prints findings as file:line:col  severity  message  rule-id, a summary, and exits 1", async () => {
    const root = await writeProject({ "src/client.ts": client, "src/f.ts": faulty });
    const { exitCode, stdout } = await check(["."], root);
    expect(exitCode).toBe(1);
    expect(stdout).toContain("src/f.ts:7:9  error  step.waitForEvent without a `timeout`.  wait-without-timeout");
    expect(stdout).toContain('src/f.ts:8:20  warning  Step id "Nap" is not kebab-case (try "nap").  step-id-style');
    expect(stdout).toContain("    hint: ");
    expect(stdout).toMatch(/^2 problems \(1 error, 1 warning\) in 2 files checked\.$/m);
  });

  it("exits 0 on warnings only, and 1 with --strict", async () => {
    const root = await writeProject({ "src/client.ts": client, "src/f.ts": warningsOnly });
    expect((await check([root])).exitCode).toBe(0);
    expect((await check([root, "--strict"])).exitCode).toBe(1);
  });

  it("names the inngest version, keeps v4-migration findings of 3.x code from failing, and fails on them with --fail-on-migration", async () => {
    const v3 = `import { Inngest } from "inngest";\nimport { serve } from "inngest/express";\nconst inngest = new Inngest({ id: "legacy" });\nconst tidy = inngest.createFunction({ id: "tidy", retries: 1 }, { cron: "0 3 * * *" }, async () => "done");\nexport const handler = serve({ client: inngest, functions: [tidy] });\n`;
    const root = await writeProject({ "package.json": JSON.stringify({ name: "legacy", dependencies: { inngest: "^3.15.0" } }), "src/app.ts": v3 });
    const plain = await check([root]);
    expect(plain.exitCode).toBe(0);
    expect(plain.stdout).toMatch(/^Moving to inngest v4 \(correct on inngest 3\.x/m);
    expect(plain.stdout).toMatch(/^0 problems in 1 file checked, inngest 3\.x; 1 v4-migration finding apart\.$/m);
    expect((await check([root, "--fail-on-migration"])).exitCode).toBe(1);
    const help = await runCli(["check", "--help"], { cwd: root });
    expect(help.stdout).toContain("--fail-on-migration");
  });

  it("prints JSON with --json", async () => {
    const root = await writeProject({ "src/client.ts": client, "src/f.ts": faulty });
    const { exitCode, stdout } = await check([root, "--json"]);
    expect(exitCode).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary).toEqual({ problems: 2, critical: 0, error: 1, warning: 1, info: 0, migration: 0 });
    expect(report.findings[0]).toMatchObject({ ruleId: "wait-without-timeout", severity: "error", file: "src/f.ts", line: 7, column: 9, hint: expect.any(String) });
    expect(report.filesChecked).toBe(2);
  });

  it("prints SARIF 2.1.0 for code scanning with --format sarif", async () => {
    const root = await writeProject({ "src/client.ts": client, "src/f.ts": faulty });
    const { exitCode, stdout } = await check([root, "--format", "sarif"]);
    expect(exitCode).toBe(1);
    const sarif = JSON.parse(stdout);
    expect(sarif.version).toBe("2.1.0");
    const run = sarif.runs[0];
    const ruleIds = run.tool.driver.rules.map((r: { id: string }) => r.id);
    expect(ruleIds).toContain("wait-without-timeout");
    for (const r of run.tool.driver.rules) expect(r.shortDescription.text).toEqual(expect.any(String));
    expect(run.results).toEqual([
      expect.objectContaining({
        ruleId: "wait-without-timeout",
        ruleIndex: ruleIds.indexOf("wait-without-timeout"),
        level: "error",
        message: { text: expect.stringContaining("timeout") },
        locations: [{ physicalLocation: { artifactLocation: { uri: "src/f.ts", uriBaseId: "%SRCROOT%" }, region: { startLine: 7, startColumn: 9 } } }],
      }),
      expect.objectContaining({ ruleId: "step-id-style", level: "warning" }),
    ]);
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it("exits 2 on usage errors: a missing directory, an unknown flag, an unknown format, a bad config", async () => {
    const missing = await check(["does-not-exist"]);
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toContain("No such directory: does-not-exist");
    const flag = await check(["--nope"]);
    expect(flag.exitCode).toBe(2);
    expect(flag.stderr).toContain("unknown option '--nope'");
    const format = await check(["--format", "xml"]);
    expect(format.exitCode).toBe(2);
    expect(format.stderr).toContain('Unknown format "xml"');
    const config = await writeProject({ "inngest-check.json": `{ "rules": { "step-id-style": "loud" } }` });
    expect((await check([config])).exitCode).toBe(2);
  });

  it("has its own help", async () => {
    const { exitCode, stdout } = await check(["--help"]);
    expect(exitCode).toBe(0);
    expect(stdout).toContain("--format <format>");
    expect(stdout).toContain("inngest-check-ignore-next-line");
  });
});
