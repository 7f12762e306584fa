import { describe, expect, it } from "vitest";
import { frameworkIds, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import { patternIds, type PatternId } from "../../src/catalogue/patterns.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import type { TargetId } from "../../src/catalogue/targets.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";

// The text of every generated file, one snapshot file each, so a template change shows as a
// readable diff. (`.snap` keeps the snapshots from being run or type-checked as code.)
const store = loadTemplates();

function snapshotProject(folder: string, framework: FrameworkId, patterns: PatternId[], target?: TargetId) {
  const options = optionsFor(framework, target ? { patterns, target } : { patterns });
  // Fixed self-hosted keys: the CLI makes random ones, the snapshot must not change from run to run.
  const plan = planCreate(options, "/work/my-app", store, undefined, fixedEngineKeys);

  it("has the expected files", () => {
    expect(plan.files.map((f) => f.path)).toMatchSnapshot();
  });

  it.each(plan.files.map((f) => [f.path, f.content] as const))("%s", async (filePath, content) => {
    await expect(content).toMatchFileSnapshot(`__snapshots__/${folder}/${filePath}.snap`);
  });
}

// Every file each framework can get: all patterns at once.
describe.each(frameworkIds)("%s with every pattern", (framework) => {
  snapshotProject(framework, framework, [...patternIds]);
});

// Each pattern alone, where the composed files (events, functions list, README, env) differ.
describe.each(patternIds)("%s alone (hono)", (pattern) => {
  snapshotProject(`hono-${pattern}`, "hono", [pattern]);
});

// Every supported framework × target pair, with the default pattern.
describe.each(supportedPairs)("$framework on $target", ({ framework, target }) => {
  snapshotProject(`targets/${target}/${framework}`, framework, ["durable-sleep"], target);
});
