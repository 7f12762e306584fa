import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../../src/catalogue/frameworks.ts";
import { patternIds } from "../../../src/catalogue/patterns.ts";
import { checkProject } from "../../../src/check/run-check.ts";
import { planCreate } from "../../../src/plan/create-plan.ts";
import { loadTemplates } from "../../../src/render/load-templates.ts";
import { writeProject } from "../../support/check-project.ts";
import { optionsFor } from "../../support/options.ts";

const store = loadTemplates();

/** Generates a project as `create` would (no install) and checks it. */
async function checkGenerated(framework: (typeof frameworkIds)[number], patterns: (typeof patternIds)[number][]) {
  const plan = planCreate(optionsFor(framework, { patterns }), "/work/my-app", store);
  const root = await writeProject(Object.fromEntries(plan.files.map((f) => [f.path, f.content])), `check-${framework}`);
  return checkProject(root);
}

describe("every generated project checks clean", () => {
  it.each(frameworkIds)("%s with every pattern", async (framework) => {
    const result = await checkGenerated(framework, [...patternIds]);
    expect(result.findings).toEqual([]);
    expect(result.filesChecked).toBeGreaterThan(10);
  });

  it.each(patternIds)("hono with only %s", async (pattern) => {
    const result = await checkGenerated("hono", [pattern]);
    expect(result.findings).toEqual([]);
  });
});
