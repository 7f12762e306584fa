import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../support/paths.ts";
import { tempDir, userEnv } from "../support/project.ts";

interface PackResult {
  filename: string;
  unpackedSize: number;
  files: { path: string }[];
}

const cleanEnv = () => userEnv({ ...process.env, NO_COLOR: "1" });

describe("the published package", () => {
  let packed: PackResult;
  let tarball = "";

  beforeAll(async () => {
    const destination = await tempDir("pack");
    // --ignore-scripts: the suite has built dist/ already; prepack would only rebuild it.
    const { stdout } = await execa("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", destination], {
      cwd: repoRoot,
      env: cleanEnv(),
    });
    packed = (JSON.parse(stdout) as PackResult[])[0]!;
    tarball = path.join(destination, packed.filename);
  }, 60_000);

  it("ships the bin and the bundle, templates precompiled inside it, and nothing else", () => {
    const files = packed.files.map((f) => f.path);
    expect(files).toContain("bin/create-inngest-app.cjs");
    expect(files).toContain("dist/cli.cjs");
    expect(files).toContain("dist/help.txt");
    expect(files.filter((f) => !/^(bin|dist)\/|^(package\.json|README\.md|LICENSE)$/.test(f))).toEqual([]);
    // 850 kB held our own stand-ins; the named stack costs more, bundled: execa 117 kB and fs-extra
    // 31 kB (each its own file, loaded only when used), commander ~38 kB, Handlebars' runtime and
    // its precompiled templates ~26 kB; check --fix ~32 kB and migrate ~57 kB are new. The parser
    // (318 kB) stays the largest part.
    expect(packed.unpackedSize).toBeLessThanOrEqual(1_200_000);
  });

  it("has no runtime dependencies", () => {
    const pkg = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  it("scaffolds a project when run with npx, offline", async () => {
    const dir = await tempDir("npx");
    const result = await execa(
      "npx",
      ["--yes", "--offline", "--package", tarball, "create-inngest-app", "app", "--framework", "sveltekit", "--patterns", "durable-sleep,webhook", "-y", "--no-install", "--no-git"],
      { cwd: dir, env: cleanEnv(), reject: false, all: true },
    );
    expect(result.exitCode, result.all).toBe(0);
    for (const file of [".gitignore", ".npmrc", ".env.example", ".env.development", "src/routes/api/inngest/+server.ts", "src/routes/api/webhooks/stripe/+server.ts"]) {
      expect(existsSync(path.join(dir, "app", file)), file).toBe(true);
    }
  }, 120_000);
});
