import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CancelledError } from "../../src/errors.ts";
import type { Plan, PlannedFile } from "../../src/plan/plan.ts";
import { applyPlan } from "../../src/write/apply-plan.ts";
import { tempDir } from "../support/project.ts";

function planFor(root: string, files: Record<string, string>, action: PlannedFile["action"] = "create"): Plan {
  return {
    root,
    files: Object.entries(files).map(([p, content]) => ({ path: p, content, action })),
    dependencies: {},
    devDependencies: {},
    env: [],
  };
}

const files = { "package.json": "{}\n", "src/a.ts": "export const a = 1;\n", "src/deep/b.ts": "export const b = 2;\n", "README.md": "# hi\n" };
const failAt = (phase: "stage" | "move", at: number) => (p: "stage" | "move", _file: PlannedFile, index: number) => {
  if (p === phase && index === at) throw new Error("disk full (simulated)");
};

describe("applying a plan", () => {
  it("creates a new directory with every file", async () => {
    const root = path.join(await tempDir("write"), "app");
    expect(await applyPlan(planFor(root, files))).toHaveLength(4);
    expect(readFileSync(path.join(root, "src/deep/b.ts"), "utf8")).toBe(files["src/deep/b.ts"]);
    expect(readdirSync(path.dirname(root))).toEqual(["app"]);
  });

  it.skipIf(process.platform === "win32")("gives the new directory the mode the umask gives, not the staging folder's 0700", async () => {
    const root = path.join(await tempDir("write"), "app");
    const previous = process.umask(0o022);
    try {
      await applyPlan(planFor(root, files));
    } finally {
      process.umask(previous);
    }
    expect(statSync(root).mode & 0o777).toBe(0o755);
    expect(statSync(path.join(root, "src")).mode & 0o777).toBe(0o755);
  });

  it("creates missing parent directories", async () => {
    const root = path.join(await tempDir("write"), "apps", "nested", "app");
    await applyPlan(planFor(root, files));
    expect(existsSync(path.join(root, "package.json"))).toBe(true);
  });

  it("leaves nothing behind when a new project fails half-way", async () => {
    const parent = await tempDir("write");
    const root = path.join(parent, "apps", "app");
    await expect(applyPlan(planFor(root, files), { beforeFile: failAt("stage", 2) })).rejects.toThrow("disk full");
    expect(readdirSync(parent)).toEqual([]);
  });

  it("leaves nothing behind when cancelled", async () => {
    const parent = await tempDir("write");
    const controller = new AbortController();
    const plan = planFor(path.join(parent, "app"), files);
    const write = applyPlan(plan, { signal: controller.signal, beforeFile: (_p, _f, i) => (i === 1 ? controller.abort() : undefined) });
    await expect(write).rejects.toBeInstanceOf(CancelledError);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("puts an existing directory back when a signal comes while the last file moves in", async () => {
    const root = await tempDir("write");
    await writeFile(path.join(root, "notes.txt"), "mine");
    await writeFile(path.join(root, "README.md"), "old readme");
    const plan = planFor(root, files);
    plan.files.find((f) => f.path === "README.md")!.action = "update";
    const controller = new AbortController();
    const last = plan.files.length - 1;
    const write = applyPlan(plan, { signal: controller.signal, beforeFile: (p, _f, i) => (p === "move" && i === last ? controller.abort("SIGTERM") : undefined) });
    await expect(write).rejects.toMatchObject({ exitCode: 143 });
    expect(readdirSync(root).sort()).toEqual(["README.md", "notes.txt"]);
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toBe("old readme");
  });

  it("writes into an existing directory without touching unrelated files", async () => {
    const root = await tempDir("write");
    await writeFile(path.join(root, "notes.txt"), "mine");
    await writeFile(path.join(root, "README.md"), "old readme");
    const plan = planFor(root, files);
    plan.files.find((f) => f.path === "README.md")!.action = "update";
    await applyPlan(plan);
    expect(readFileSync(path.join(root, "notes.txt"), "utf8")).toBe("mine");
    expect(readFileSync(path.join(root, "README.md"), "utf8")).toBe("# hi\n");
    expect(readdirSync(root).sort()).toEqual(["README.md", "notes.txt", "package.json", "src"]);
  });

  it("puts an existing directory back as it was when moving files in fails half-way", async () => {
    const root = await tempDir("write");
    await mkdir(path.join(root, "src"));
    await writeFile(path.join(root, "src", "keep.ts"), "keep");
    await writeFile(path.join(root, "package.json"), "original");
    const plan = planFor(root, files, "update");
    await expect(applyPlan(plan, { beforeFile: failAt("move", 3) })).rejects.toThrow("disk full");
    expect(readFileSync(path.join(root, "package.json"), "utf8")).toBe("original");
    expect(readdirSync(root).sort()).toEqual(["package.json", "src"]);
    expect(readdirSync(path.join(root, "src"))).toEqual(["keep.ts"]);
  });

  it("refuses a plan that still has conflicts", async () => {
    const root = path.join(await tempDir("write"), "app");
    await expect(applyPlan(planFor(root, files, "conflict"))).rejects.toThrow(/conflicts/);
    expect(existsSync(root)).toBe(false);
  });

  it("stops, restoring every file, when a file to update changed after it was read", async () => {
    const root = await tempDir("write");
    await mkdir(path.join(root, "src"), { recursive: true });
    await writeFile(path.join(root, "src/a.ts"), "export const a = 1;\n");
    await writeFile(path.join(root, "src/b.ts"), "export const b = 1;\n");
    const plan: Plan = {
      ...planFor(root, {}),
      files: [
        { path: "src/a.ts", content: "export const a = 2;\n", action: "update", previous: "export const a = 1;\n" },
        { path: "src/b.ts", content: "export const b = 2;\n", action: "update", previous: "export const b = 1;\n" },
      ],
    };
    // Someone saves src/b.ts while the first file is being moved into place.
    const race = async (phase: "stage" | "move", file: PlannedFile) => {
      if (phase === "move" && file.path === "src/b.ts") await writeFile(path.join(root, "src/b.ts"), "export const b = 'mine';\n");
    };
    await expect(applyPlan(plan, { beforeFile: race })).rejects.toThrow("src/b.ts changed while the plan was being applied");
    expect(readFileSync(path.join(root, "src/a.ts"), "utf8")).toBe("export const a = 1;\n");
    expect(readFileSync(path.join(root, "src/b.ts"), "utf8")).toBe("export const b = 'mine';\n");
    expect(readdirSync(root).sort()).toEqual(["src"]);
  });
});
