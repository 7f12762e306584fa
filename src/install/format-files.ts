import { existsSync } from "node:fs";
import path from "node:path";
import type { ProjectFacts } from "../detect/detect-project.ts";
import { run } from "./run.ts";

export interface FormatResult {
  tool: "prettier" | "biome";
  /** The formatter's binary, relative to the project. */
  bin: string;
  ok: boolean;
  outputTail: string;
}

/**
 * Runs the project's own formatter (the Prettier or Biome its config names, from its
 * node_modules or the workspace root's) on the files `add` created. Files of the user's that add
 * edited are left to the edits' own styling: a formatter would rewrite lines add did not touch.
 * Nothing when the project configures no formatter or has not installed it.
 */
export async function formatCreatedFiles(project: ProjectFacts, files: readonly string[], signal?: AbortSignal): Promise<FormatResult | undefined> {
  const formatter = project.formatter;
  const sources = files.filter((file) => /\.[cm]?[jt]sx?$/.test(file));
  if (!formatter || sources.length === 0) return undefined;
  const name = formatter.tool === "prettier" ? "prettier" : "biome";
  const stopAt = project.workspaceRoot ?? project.root;
  let bin: string | undefined;
  for (let dir = project.root; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", ".bin", process.platform === "win32" ? `${name}.cmd` : name);
    if (existsSync(candidate)) {
      bin = candidate;
      break;
    }
    if (dir === stopAt || path.dirname(dir) === dir) break;
  }
  if (!bin) return undefined;
  // Biome's `check --write` also sorts the imports, which its `check` (and CI) asks for; only safe fixes.
  const args = formatter.tool === "prettier" ? ["--write", ...sources] : ["check", "--write", "--no-errors-on-unmatched", ...sources];
  const result = await run(bin, args, project.root, false, signal);
  return { tool: formatter.tool, bin: path.relative(project.root, bin), ok: result.ok, outputTail: result.startError ?? result.outputTail };
}
