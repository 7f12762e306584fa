import { applyEdits } from "../code/text-edits.ts";
import pc from "picocolors";
import { fileDiff } from "../write/file-diff.ts";
import type { Fix, FixPlan, FixTarget } from "./fixes.ts";

/**
 * A fix as SARIF 2.1.0 `fixes[]` entry (§3.55): one artifactChange per file, each edit a
 * replacement of a region (lines, columns and character offsets) by inserted text.
 */
export function sarifFix(fix: Fix) {
  return {
    description: { text: fix.description },
    artifactChanges: fix.changes.map((change) => ({
      artifactLocation: { uri: encodeURI(change.file), uriBaseId: "%SRCROOT%" },
      replacements: change.edits.map((edit) => ({
        deletedRegion: { ...edit.region, charOffset: edit.at, charLength: edit.remove ?? 0 },
        insertedContent: { text: edit.insert },
      })),
    })),
    // SARIF has no word for "applies itself" against "chooses a value": property bag.
    properties: { kind: fix.kind, ...(fix.risk ? { risk: fix.risk } : {}) },
  };
}

/** The unified diff of one fix, against the files as they were read. */
export function fixDiff(fix: Fix, read: (file: string) => string | undefined): string[] {
  return fix.changes.flatMap((change) => {
    const before = change.created ? "" : (read(change.file) ?? "");
    const after = applyEdits(before, change.edits);
    return fileDiff(change.file, change.created ? undefined : before, after);
  });
}

const where = (findings: FixTarget[]) => findings.map((f) => `${f.file}:${f.line}:${f.column}`).join(", ");
const rulesOf = (findings: FixTarget[]) => [...new Set(findings.map((f) => f.ruleId))].join(", ");

/** What `check --fix` does (or, with --dry-run, would do): each fix with its diff; suggestions with their risk. */
export function formatFixPlan(fixes: FixPlan, read: (file: string) => string | undefined, dryRun: boolean): string {
  const lines: string[] = [];
  if (fixes.applied.length > 0) {
    lines.push(pc.bold(dryRun ? "Fixes (dry run: nothing written):" : "Fixes:"));
    for (const { fix, findings } of fixes.applied) {
      lines.push(`${where(findings)}  ${fix.kind === "suggestion" ? pc.yellow("suggestion") : pc.green("fix")}  ${fix.description}  ${pc.dim(rulesOf(findings))}`);
      if (fix.risk) lines.push(pc.yellow(`    risk: ${fix.risk}`));
      lines.push(...fixDiff(fix, read), "");
    }
  }
  if (fixes.offered.length > 0) {
    const offeredRules = [...new Set(fixes.offered.flatMap(({ findings }) => findings.map((f) => f.ruleId)))];
    lines.push(pc.bold(`Suggestions (not applied: each chooses for you; apply with --fix-suggestions ${offeredRules.join(",")}):`));
    for (const { fix, findings } of fixes.offered) {
      lines.push(`${where(findings)}  ${pc.yellow("suggestion")}  ${fix.description}  ${pc.dim(rulesOf(findings))}`);
      lines.push(pc.yellow(`    risk: ${fix.risk ?? "it chooses a value for you"}`));
      lines.push(...fixDiff(fix, read), "");
    }
  }
  for (const { fix, findings, reason } of fixes.deferred) lines.push(`${where(findings)}  ${pc.dim("left for now")}  ${fix.description} (${reason})`);
  if (lines.length === 0) lines.push("Nothing to fix automatically.");
  return `${lines.join("\n").trimEnd()}\n`;
}
