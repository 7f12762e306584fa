import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { patternIds } from "../../src/catalogue/patterns.ts";
import { repoRoot } from "../support/paths.ts";
import { runCli, tempDir, userEnv } from "../support/project.ts";

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
