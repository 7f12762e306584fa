import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../../src/catalogue/frameworks.ts";
import { patternIds } from "../../../src/catalogue/patterns.ts";
import { targetsFor, type TargetId } from "../../../src/catalogue/targets.ts";
import { checkProject } from "../../../src/check/run-check.ts";
import { planCreate } from "../../../src/plan/create-plan.ts";
import { loadTemplates } from "../../../src/render/load-templates.ts";
import { writeProject } from "../../support/check-project.ts";
import { fixedEngineKeys, optionsFor } from "../../support/options.ts";

const store = loadTemplates();

/** Generates a project as `create` would (no install) and checks it. */
async function checkGenerated(
  framework: (typeof frameworkIds)[number],
  patterns: (typeof patternIds)[number][],
  target?: TargetId,
  edit: (path: string, content: string) => string = (_, content) => content,
) {
  const plan = planCreate(optionsFor(framework, { patterns, ...(target ? { target } : {}) }), "/work/my-app", store, undefined, fixedEngineKeys);
  const root = await writeProject(Object.fromEntries(plan.files.map((f) => [f.path, edit(f.path, f.content)])), `check-${framework}`);
  return checkProject(root);
}

describe("every generated project checks clean", () => {
  it.each(frameworkIds)("%s with every pattern", async (framework) => {
    const result = await checkGenerated(framework, [...patternIds]);
    expect(result.findings).toEqual([]);
    expect(result.filesChecked).toBeGreaterThan(10);
  });

  // Targets add files of their own (routes for the platform, entries, config).
  it.each(frameworkIds.flatMap((f) => targetsFor(f).map((t) => [f, t.id] as const)))("%s on %s with every pattern", async (framework, target) => {
    const result = await checkGenerated(framework, [...patternIds], target);
    expect(result.findings).toEqual([]);
  });

  it.each(patternIds)("hono with only %s", async (pattern) => {
    const result = await checkGenerated("hono", [pattern]);
    expect(result.findings).toEqual([]);
  });
});

describe("the check sees the generated code (clean is not vacuous)", () => {
  it("reports a function dropped from the index, and a step made unreliable", async () => {
    const result = await checkGenerated("next", ["durable-sleep", "multi-step"], undefined, (path, content) =>
      path.endsWith("functions/index.ts")
        ? content.replace("[welcomeDrip, ", "[")
        : path.endsWith("order-workflow.ts")
          ? content.replace('await step.run("create-shipment"', 'step.run("create-shipment"')
          : content,
    );
    expect(result.findings.map((f) => `${f.ruleId} ${f.file}`)).toEqual([
      "unawaited-step src/inngest/functions/order-workflow.ts",
      "function-not-served src/inngest/functions/welcome-drip.ts",
    ]);
  });
});
