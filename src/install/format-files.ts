import { existsSync } from "node:fs";
import path from "node:path";
import type { ProjectFacts } from "../detect/detect-project.ts";
import { run } from "./run.ts";

export interface FormatResult {
  tool: "prettier" | "biome" | "eslint";
  /** The formatter's binary, relative to the project. */
  bin: string;
  ok: boolean;
  outputTail: string;
}

/**
 * Runs the project's own formatter (the Prettier or Biome its config names, else `eslint --fix`
 * when it has an ESLint config, from its node_modules or the workspace root's) on the files `add` created. Files of the user's that add
 * edited are left to the edits' own styling: a formatter would rewrite lines add did not touch.
 * Nothing when the project configures no formatter or has not installed it.
 */
export async function formatCreatedFiles(project: ProjectFacts, files: readonly string[], signal?: AbortSignal): Promise<FormatResult | undefined> {
  const sources = files.filter((file) => /\.[cm]?[jt]sx?$/.test(file));
  if (sources.length === 0) return undefined;
  const stopAt = project.workspaceRoot ?? project.root;
  // Without Prettier or Biome, a project whose ESLint config formats (stylistic rules) gets its fixes.
  const tool = project.formatter?.tool ?? (findUp(project.root, stopAt, eslintConfigs) ? "eslint" : undefined);
  if (!tool) return undefined;
  const bin = findUp(project.root, stopAt, [path.join("node_modules", ".bin", process.platform === "win32" ? `${tool}.cmd` : tool)]);
  if (!bin) return undefined;
  // Biome's `check --write` also sorts the imports, which its `check` (and CI) asks for; only safe fixes.
  const args = tool === "prettier" ? ["--write", ...sources] : tool === "biome" ? ["check", "--write", "--no-errors-on-unmatched", ...sources] : ["--fix", ...sources];
  const result = await run(bin, args, project.root, false, signal);
  return { tool, bin: path.relative(project.root, bin), ok: result.ok, outputTail: result.startError ?? result.outputTail };
}

const eslintConfigs = ["eslint.config.js", "eslint.config.mjs", "eslint.config.cjs", "eslint.config.ts", "eslint.config.mts", ".eslintrc.js", ".eslintrc.cjs", ".eslintrc.json", ".eslintrc.yml", ".eslintrc.yaml", ".eslintrc"];

/** The first of `names` in `from` or a folder above it, up to `stopAt`. */
function findUp(from: string, stopAt: string, names: readonly string[]): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const found = names.map((name) => path.join(dir, name)).find((file) => existsSync(file));
    if (found) return found;
    if (dir === stopAt || path.dirname(dir) === dir) return undefined;
  }
}
