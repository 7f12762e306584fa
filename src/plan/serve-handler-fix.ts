import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { diffLines } from "diff";
import { frameworks } from "../catalogue/frameworks.ts";
import type { Fix, FileChange } from "../check/fixes.ts";
import { fixEdit } from "../check/fixes.ts";
import { detectProject } from "../detect/detect-project.ts";
import { detectInngestSetup } from "../detect/inngest-setup.ts";
import { findServerApp } from "../detect/server-app.ts";
import { loadTemplates } from "../render/load-templates.ts";
import { planAdd, type ExistingFunction } from "./add-plan.ts";

/**
 * `check --fix` for functions no serve handler exposes: the serve handler `add` would create for
 * the detected framework, registering the project's functions, as a fix (new files, and edits of
 * the files add changes: an Express or Hono app, a React Router routes module), on inngest 3 or 4
 * alike. Undefined when
 * add's engine would refuse or conflict: the finding then keeps its hint.
 */
export function serveHandlerFix(root: string, functions: readonly ExistingFunction[]): Fix | undefined {
  const read = (relative: string) => {
    const file = path.join(root, relative);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
  let plan;
  let label;
  try {
    const project = detectProject(root);
    const setup = detectInngestSetup(project);
    if (setup.serve || !setup.client) return undefined;
    const server = project.framework === "express" || project.framework === "hono" ? findServerApp(root, project.framework) : undefined;
    plan = planAdd(project, setup, server, { patterns: [], force: false, existingFunctions: [...functions] }, loadTemplates(), read);
    label = frameworks[project.framework].label;
  } catch {
    // add's refusals (UserError) and anything it did not foresee in this project: check still
    // reports the finding, with its hint, rather than fail on the fix it offers.
    return undefined;
  }
  if (plan.files.some((file) => file.action === "conflict")) return undefined;
  const changes: FileChange[] = plan.files.flatMap((file): FileChange[] => {
    if (file.action === "create") return [{ file: file.path, created: true, edits: [fixEdit("", 0, 0, file.content)] }];
    if (file.action === "update") return [{ file: file.path, edits: editsBetween(file.previous ?? "", file.content) }];
    return [];
  });
  // A route file of its own (Next.js, SvelteKit, React Router), or mounted on the app (Express, Hono).
  const routeFile = plan.files.find((file) => file.action === "create" && !file.path.endsWith("/functions/index.ts"))?.path;
  const appFile = plan.files.find((file) => file.action === "update")?.path;
  const count = `${functions.length} function${functions.length === 1 ? "" : "s"}`;
  const where = routeFile ? `Create the ${label} serve handler at ${plan.servePath} (${routeFile})` : `Mount the ${label} serve handler at ${plan.servePath} in ${appFile}`;
  return { kind: "safe", description: `${where}, registering the project's ${count}.`, changes };
}

/** The edits that turn `before` into `after`, one per stretch of changed lines, so SARIF readers see only what changes. */
function editsBetween(before: string, after: string) {
  const edits = [];
  let at = 0;
  let pending: { at: number; remove: number; insert: string } | undefined;
  for (const part of diffLines(before, after)) {
    if (!part.added && !part.removed) {
      if (pending) edits.push(fixEdit(before, pending.at, pending.remove, pending.insert));
      pending = undefined;
      at += part.value.length;
      continue;
    }
    pending ??= { at, remove: 0, insert: "" };
    if (part.removed) {
      pending.remove += part.value.length;
      at += part.value.length;
    } else pending.insert += part.value;
  }
  if (pending) edits.push(fixEdit(before, pending.at, pending.remove, pending.insert));
  return edits;
}
