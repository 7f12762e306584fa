import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { patternIds } from "../../src/catalogue/patterns.ts";
import { packageManagers } from "../../src/install/package-manager.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates as loadSourceTemplates } from "../../src/render/load-templates.ts";
import { repoRoot } from "../support/paths.ts";
import { runCli, tempDir, userEnv } from "../support/project.ts";
import type { Templates } from "../../src/render/templates.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";

const snapshots = path.join(repoRoot, "test", "unit", "__snapshots__");

// The published CLI renders templates precompiled at build time; the unit snapshots come from the
// sources compiled on the spot. Both must write the same bytes.
describe("the bundle's precompiled templates", () => {
  it.each(frameworkIds)("write %s with every pattern exactly as the snapshots", async (framework) => {
    const dir = await tempDir("bundle");
    const result = await runCli(
      ["my-app", "--framework", framework, "--patterns", patternIds.join(","), "--yes", "--no-install", "--no-git"],
      { cwd: dir, env: userEnv({ ...process.env, NO_COLOR: "1" }) },
    );
    expect(result.exitCode, result.all).toBe(0);
    const root = path.join(dir, "my-app");
    const written = readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)));
    expect(written.length).toBeGreaterThan(30);
    for (const file of written) {
      expect(readFileSync(path.join(root, file), "utf8"), file).toBe(readFileSync(path.join(snapshots, framework, `${file}.snap`), "utf8"));
    }
  });
});

describe("the bundle's Handlebars", () => {
  const bundled = path.join(repoRoot, "dist", "templates.cjs");
  const loadBundled = () => (createRequire(import.meta.url)(bundled) as { loadTemplates: () => Templates }).loadTemplates();

  // The bundle's templates are precompiled apart from the source tree's (scripts/build.mjs).
  it.each(supportedPairs)("renders $framework on $target, with each package manager, as the source tree", ({ framework, target }) => {
    const [ours, source] = [loadBundled(), loadSourceTemplates()];
    let files = 0;
    for (const packageManager of packageManagers) {
      const options = optionsFor(framework, { target, packageManager, patterns: [...patternIds] });
      const expected = planCreate(options, "/work/my-app", source, undefined, fixedEngineKeys).files;
      const actual = planCreate(options, "/work/my-app", ours, undefined, fixedEngineKeys).files;
      expect(actual.map((file) => file.path)).toEqual(expected.map((file) => file.path));
      actual.forEach((file, i) => expect(file.content, file.path).toBe(expected[i]!.content));
      files += actual.length;
    }
    expect(files).toBeGreaterThan(packageManagers.length * 30);
  });

  it("is the runtime alone: templates precompiled, no compiler in any file", () => {
    expect(readFileSync(bundled, "utf8")).toContain("precompiled with an older version of Handlebars");
    for (const file of readdirSync(path.join(repoRoot, "dist")).filter((name) => name.endsWith(".cjs"))) {
      // The parser's error message: only the compiler carries it.
      expect(readFileSync(path.join(repoRoot, "dist", file), "utf8"), file).not.toContain("Parse error on line");
    }
  });

  it("stays strict: a value the context lacks throws, naming the template", () => {
    expect(() => loadBundled().render("base/README.md.hbs", {})).toThrow(/^templates\/base\/README\.md\.hbs: "\w+" not defined/);
  });
});
