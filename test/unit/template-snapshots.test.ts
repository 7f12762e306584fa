import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplateStore } from "../../src/render/template-store.ts";
import { optionsFor } from "../support/options.ts";

// The text of every generated file, one snapshot file each, so a template change shows as a
// readable diff. (`.snap` keeps the snapshots from being run or type-checked as code.)
const store = loadTemplateStore();

describe.each(frameworkIds)("%s output", (framework) => {
  const plan = planCreate(optionsFor(framework), "/work/my-app", store);

  it("has the expected files", () => {
    expect(plan.files.map((f) => f.path)).toMatchSnapshot();
  });

  it.each(plan.files.map((f) => [f.path, f.content] as const))("%s", async (filePath, content) => {
    await expect(content).toMatchFileSnapshot(`__snapshots__/${framework}/${filePath}.snap`);
  });
});
