import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { PatternId } from "../../src/catalogue/patterns.ts";
import { detectProject } from "../../src/detect/detect-project.ts";
import { detectInngestSetup } from "../../src/detect/inngest-setup.ts";
import { findServerApp } from "../../src/detect/server-app.ts";
import { planAdd, type AddPlan } from "../../src/plan/add-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { tempDir } from "./project.ts";

const templates = loadTemplates();

/** A project of the given files in a new temporary folder. */
export async function projectWith(files: Record<string, string>): Promise<string> {
  const root = await tempDir("add");
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
    writeFileSync(path.join(root, relative), content);
  }
  return root;
}

/** The plan `add` makes for a project on disk, detected as the command detects it. */
export function planFor(root: string, patterns: PatternId[], force = false): AddPlan {
  const project = detectProject(root);
  const server = project.framework === "express" || project.framework === "hono" ? findServerApp(root, project.framework) : undefined;
  return planAdd(project, detectInngestSetup(project), server, { patterns, force }, templates, (relative) => {
    const file = path.join(root, relative);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  });
}

export const planned = (p: AddPlan, relative: string): string | undefined => p.files.find((f) => f.path === relative)?.content;
export const changedPaths = (p: AddPlan) => p.files.filter((f) => f.action !== "skip").map((f) => `${f.action} ${f.path}`);
export const packageJson = (fields: object) => `${JSON.stringify({ name: "user-app", private: true, ...fields }, null, 2)}\n`;
