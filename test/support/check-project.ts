import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { CheckConfig } from "../../src/check/config.ts";
import { checkProject, type Finding } from "../../src/check/run-check.ts";
import { tempDir } from "./project.ts";

/** Writes files (path → content) into a fresh temporary folder and returns it. */
export async function writeProject(files: Record<string, string>, prefix = "check"): Promise<string> {
  const root = await tempDir(prefix);
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), content);
  }
  return root;
}

/** Checks a small project given inline; returns its findings. */
export async function checkFiles(files: Record<string, string>, config?: CheckConfig): Promise<Finding[]> {
  return checkProject(await writeProject(files), config).findings;
}

/** `rule-id file:line` for each finding, to compare compactly. */
export const summarise = (findings: Finding[]) => findings.map((f) => `${f.ruleId} ${f.file}:${f.line}`);
