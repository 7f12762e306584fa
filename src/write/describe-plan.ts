import pc from "picocolors";
import type { FileAction, Plan } from "../plan/plan.ts";

const marks: Record<FileAction, string> = {
  create: pc.green("create  "),
  update: pc.yellow("update  "),
  skip: pc.dim("skip    "),
  conflict: pc.red("conflict"),
};

/** The plan as lines a person reads: each file with its action, then dependencies and env vars. */
export function describePlan(plan: Plan): string[] {
  const lines = plan.files.map((f) => `${marks[f.action]} ${f.path}${f.reason ? pc.dim(` (${f.reason})`) : ""}`);
  const deps = (record: Record<string, string>) => Object.entries(record).map(([n, v]) => `${n}@${v}`).join(", ") || pc.dim("none new");
  lines.push("", `dependencies:    ${deps(plan.dependencies)}`, `devDependencies: ${deps(plan.devDependencies)}`);
  lines.push(`env:             ${plan.env.map((v) => v.key).join(", ") || pc.dim("none new")}`);
  return lines;
}
