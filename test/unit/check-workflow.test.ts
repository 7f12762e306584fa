import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import toolPackage from "../../package.json" with { type: "json" };
import { frameworkIds, frameworks, nodeMajor } from "../../src/catalogue/frameworks.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { packageJson, planFor, planned, projectWith } from "../support/add-fixtures.ts";
import { optionsFor } from "../support/options.ts";

const workflowPath = ".github/workflows/inngest-check.yml";
type Step = { uses?: string; run?: string; if?: string; with?: Record<string, unknown>; "continue-on-error"?: boolean };

describe("the check workflow", () => {
  it.each(frameworkIds)("%s: create writes it, running this version's check on every push, and uploads SARIF where it may", (framework) => {
    const plan = planCreate(optionsFor(framework), "/work/my-app", loadTemplates());
    const workflow = parseYaml(plan.files.find((f) => f.path === workflowPath)!.content);
    expect(Object.keys(workflow.on)).toEqual(["push", "pull_request"]);
    const job = workflow.jobs["inngest-check"];
    expect(job.permissions).toEqual({ contents: "read", "security-events": "write" });
    const steps = job.steps as Step[];
    expect(steps.find((s) => s.uses?.startsWith("actions/setup-node"))!.with).toEqual({ "node-version": nodeMajor(frameworks[framework]) });
    // Pinned: the project is checked by the rules it was made to pass.
    expect(steps.find((s) => s.run)!.run).toBe(`npx --yes create-inngest-app@${toolPackage.version} check --format sarif > inngest-check.sarif`);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif"))!;
    expect(upload.with).toEqual({ sarif_file: "inngest-check.sarif", category: "inngest-check" });
    // After a failing check too; never on a fork's read-only pull request; its own failure (no code scanning) fails nothing.
    expect(upload.if).toContain("always()");
    expect(upload.if).toContain("github.event.pull_request.head.repo.full_name == github.repository");
    expect(upload["continue-on-error"]).toBe(true);
  });

  const expressApp = {
    "package.json": packageJson({ type: "module", scripts: { dev: "node src/server.ts" }, dependencies: { express: "^5.1.0" }, devDependencies: { typescript: "^5.9.0" } }),
    "tsconfig.json": `{ "compilerOptions": { "strict": true, "module": "nodenext" } }\n`,
    "src/server.ts": `import express from "express";\n\nconst app = express();\napp.listen(3000);\n`,
  };

  it("add writes it when it sets Inngest up in a GitHub repository's root", async () => {
    const root = await projectWith({ ...expressApp, ".git/config": `[remote "origin"]\n\turl = git@github.com:someone/app.git\n` });
    const plan = planFor(root, ["durable-sleep"]);
    expect(plan.files.find((f) => f.path === workflowPath)?.action).toBe("create");
    expect(planned(plan, workflowPath)).toContain(`create-inngest-app@${toolPackage.version} check --format sarif`);
  });

  it("add leaves it out elsewhere (no git, another host) and never replaces one", async () => {
    expect(planFor(await projectWith(expressApp), ["durable-sleep"]).files.map((f) => f.path)).not.toContain(workflowPath);
    const gitlab = await projectWith({ ...expressApp, ".git/config": `[remote "origin"]\n\turl = git@gitlab.com:someone/app.git\n` });
    expect(planFor(gitlab, ["durable-sleep"]).files.map((f) => f.path)).not.toContain(workflowPath);
    const own = await projectWith({ ...expressApp, ".git/config": `url = https://github.com/someone/app\n`, [workflowPath]: "name: mine\n" });
    expect(planFor(own, ["durable-sleep"]).files.find((f) => f.path === workflowPath)).toBeUndefined();
  });
});
