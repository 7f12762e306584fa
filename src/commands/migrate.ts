import { existsSync, statSync } from "node:fs";
import path from "node:path";
import { detectPackageManager, readPackageJson } from "../detect/detect-project.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { installCommand } from "../install/package-manager.ts";
import { planMigration, type MigratePlan } from "../migrate/migrate-plan.ts";
import { untilSignal } from "../signals.ts";
import pc from "picocolors";
import { fileDiff } from "../write/file-diff.ts";
import { stdout } from "../ui/output.ts";
import { applyPlan } from "../write/apply-plan.ts";

export interface MigrateFlags {
  dryRun?: boolean;
  json?: boolean;
}

/**
 * `create-inngest-app migrate [dir]`: moves the packages of a tree that are on inngest 3.x to v4,
 * all or nothing; `--dry-run` prints the diffs and writes nothing. What cannot be moved safely is
 * left in place and listed with its line.
 */
export async function migrateCommand(directory: string | undefined, flags: MigrateFlags): Promise<void> {
  const root = path.resolve(directory ?? ".");
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`Not a directory: ${directory ?? "."}`, usageErrorExitCode);
  if (!existsSync(path.join(root, "package.json"))) throw new UserError(`${root} has no package.json: run migrate in the project (or workspace root) that depends on inngest.`, usageErrorExitCode);

  const plan = planMigration(root);
  const out: string[] = [];
  if (plan.packages.length === 0) {
    out.push("Nothing to migrate: no package here depends on inngest 3.x.");
    if (plan.left.length > 0) out.push("", ...plan.left.map((l) => `  ${l.file}:${l.line}: ${l.message}`));
    if (plan.stillLeft.length > 0) out.push("", pc.bold("Still to move by hand (v3 code in packages on inngest 4):"), ...plan.stillLeft.map((l) => `  ${l.file}:${l.line}: ${l.message}`));
  } else {
    if (plan.changes.length > 0) out.push(pc.bold(flags.dryRun ? "Would change (dry run: nothing written):" : "Changed:"), ...plan.changes.map((c) => `  ${c}`), "");
    else out.push("Nothing to change: the code is already in its v4 form.", "");
    if (flags.dryRun) out.push(...diffs(plan));
    if (plan.left.length > 0) out.push(pc.bold("Left in place (move these by hand):"), ...plan.left.map((l) => `  ${l.file}:${l.line}: ${l.message}`), "");
    if (plan.stillLeft.length > 0) out.push(pc.bold("Still to move by hand (v3 code in packages on inngest 4):"), ...plan.stillLeft.map((l) => `  ${l.file}:${l.line}: ${l.message}`), "");
  }
  if (!flags.dryRun && plan.files.length > 0) await untilSignal((signal) => applyPlan(plan, { signal }));
  if (plan.files.some((f) => f.path.endsWith("package.json")) && !flags.dryRun) {
    const { pm } = detectPackageManager(root, readPackageJson(root).json);
    out.push(`Next: install (${installCommand(pm).join(" ")}), then type-check and run your tests.`);
  }

  if (flags.json) {
    stdout.write(
      `${JSON.stringify(
        {
          directory: root,
          outcome: plan.packages.length === 0 ? "nothing-to-do" : flags.dryRun ? "dry-run" : plan.files.length > 0 ? "applied" : "nothing-to-change",
          packages: plan.packages,
          files: plan.files.map((f) => f.path),
          changes: plan.changes,
          left: plan.left,
          stillLeft: plan.stillLeft,
        },
        null,
        2,
      )}\n`,
    );
  } else stdout.write(`${out.join("\n")}\n`);
}

/** Unified diffs of the files the plan changes. */
function diffs(plan: MigratePlan): string[] {
  return plan.files.flatMap((f) => [...fileDiff(f.path, f.previous ?? "", f.content), ""]);
}
