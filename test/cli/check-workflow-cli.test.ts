import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { runCli, tempDir } from "../support/project.ts";

/** The `check` arguments the generated workflow passes, read from the workflow itself. */
function workflowCheckArgs(project: string): string[] {
  const workflow = parseYaml(readFileSync(path.join(project, ".github/workflows/inngest-check.yml"), "utf8"));
  const run = (workflow.jobs["inngest-check"].steps as { run?: string }[]).find((s) => s.run)!.run!;
  const match = /^npx --yes create-inngest-app@\S+ (check .*?) > inngest-check\.sarif$/.exec(run);
  expect(match, run).not.toBeNull();
  return match![1]!.split(" ");
}

/** The folder holding the generated client (src/inngest, or app/inngest for React Router). */
function inngestDir(project: string): string {
  for (const top of ["src", "app"]) if (existsSync(path.join(project, top, "inngest", "client.ts"))) return path.join(project, top, "inngest");
  throw new Error(`no inngest folder in ${project}`);
}

describe("the generated CI's check", () => {
  it.each(frameworkIds)("%s: passes on the generated project, and fails on a planted mistake", async (framework) => {
    const parent = await tempDir(`check-ci-${framework}`);
    const created = await runCli(["app", "--framework", framework, "--patterns", "durable-sleep,webhook", "--yes", "--no-install", "--no-git", "--pm", "npm"], { cwd: parent });
    expect(created.exitCode, created.stderr).toBe(0);
    const project = path.join(parent, "app");
    const args = workflowCheckArgs(project);

    const clean = await runCli(args, { cwd: project });
    expect(clean.exitCode, clean.stdout).toBe(0);
    expect(JSON.parse(clean.stdout).runs[0].results).toEqual([]);

    // A function nobody serves, waiting without a timeout: two errors.
    writeFileSync(
      path.join(inngestDir(project), "planted.ts"),
      `import { inngest } from "./client.ts";\n\nexport const planted = inngest.createFunction({ id: "planted", retries: 1, triggers: [{ event: "app/planted" }] }, async ({ step }) => {\n  await step.waitForEvent("await-reply", { event: "app/replied" });\n});\n`,
    );
    const planted = await runCli(args, { cwd: project });
    expect(planted.exitCode).toBe(1);
    const results = JSON.parse(planted.stdout).runs[0].results as { ruleId: string; level: string }[];
    expect(results.filter((r) => r.level === "error").map((r) => r.ruleId).sort()).toEqual(["function-not-served", "wait-without-timeout"]);
  });
});
