import pc from "picocolors";
import { rules, ruleList, severities, type Severity } from "./rules.ts";
import type { CheckConfig } from "./config.ts";
import type { CheckResult, Finding } from "./run-check.ts";
import { sarifFix } from "./fix-report.ts";

/** A finding as JSON prints it: its fix in SARIF's shape, which editors and review tools read. */
const findingJson = ({ fix, ...finding }: Finding) => (fix ? { ...finding, fixes: [sarifFix(fix)] } : finding);

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : /(s|x|ch|sh)$/.test(word) ? "es" : "s"}`;

/** Counts by severity of the findings that are problems: v4-migration findings are counted apart, as the text and the exit code treat them. */
function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

export interface FailOptions {
  /** Warnings fail too. */
  strict?: boolean;
  /** v4-migration findings on inngest 3.x code fail too. */
  failOnMigration?: boolean;
}

/** Whether the findings fail the run: criticals and errors (warnings with --strict); info never; migration notes only when asked. */
export function failsRun(result: CheckResult, options: FailOptions = {}): boolean {
  return result.findings.some((f) => (f.group !== "migration" || options.failOnMigration) && (f.severity === "critical" || f.severity === "error" || (options.strict && f.severity === "warning")));
}

const severityWords = (findings: readonly Finding[]) => {
  const counts: Record<Severity, number> = { critical: 0, error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return severities.filter((s) => counts[s] > 0).map((s) => (s === "critical" || s === "info" ? `${counts[s]} ${s}` : plural(counts[s], s)));
};

const packageLabel = (result: CheckResult, dir: string | undefined) => {
  const pkg = result.packages.find((p) => p.dir === dir);
  const name = dir === undefined ? "(no package.json)" : dir === "" ? (pkg?.name ?? ".") : dir;
  return pkg?.sdk ? `${name} (${pkg.sdk})` : name;
};

/**
 * Linter-style text: `file:line:col  severity  message  rule-id` and a hint line for each finding
 * (per workspace package in a monorepo; v4-migration notes of inngest 3.x code apart), then a
 * summary per rule and per package.
 */
export function formatText(result: CheckResult, options: FailOptions = {}): string {
  const colour: Record<Severity, (s: string) => string> = { critical: (s) => pc.bold(pc.red(s)), error: pc.red, warning: pc.yellow, info: pc.cyan };
  const lines: string[] = [];
  const print = (f: Finding, indent: string) => {
    // A migration finding is no error of the code as it runs today: it is labelled as what it is.
    const label = f.group === "migration" ? pc.cyan("v4-migration") : colour[f.severity](f.severity);
    lines.push(`${indent}${f.file}:${f.line}:${f.column}  ${label}  ${f.message}  ${pc.dim(f.ruleId)}`);
    lines.push(pc.dim(`${indent}    hint: ${f.hint}`));
  };
  const main = result.findings.filter((f) => f.group !== "migration");
  const migration = result.findings.filter((f) => f.group === "migration");
  const packageDirs = [...new Set(result.findings.map((f) => f.package))];
  const grouped = packageDirs.length > 1;
  const sdks = [...new Set(result.packages.map((p) => p.sdk).filter(Boolean))];

  if (grouped) {
    for (const dir of packageDirs) {
      const own = main.filter((f) => f.package === dir);
      if (own.length === 0) continue;
      lines.push(pc.bold(packageLabel(result, dir)));
      for (const f of own) print(f, "  ");
      lines.push("");
    }
  } else for (const f of main) print(f, "");

  if (migration.length > 0) {
    if (lines.length > 0 && lines[lines.length - 1] !== "") lines.push("");
    lines.push(pc.bold(`Moving to inngest v4 (correct on inngest 3.x; ${options.failOnMigration ? "failing the run: --fail-on-migration" : "these do not fail the run, --fail-on-migration makes them"}):`));
    for (const f of migration) print(f, "  ");
    lines.push(`  ${pc.dim("create-inngest-app migrate --dry-run shows these moved to v4 (and what it cannot move).")}`);
  }

  const files = plural(result.filesChecked, "file");
  const version = sdks.length === 1 ? `, ${sdks[0]}` : "";
  if (result.findings.length === 0) {
    lines.push(pc.green(`No problems found (${files} checked${version}).`));
    return `${lines.join("\n")}\n`;
  }
  if (lines[lines.length - 1] !== "") lines.push("");
  // Per rule, most frequent first: what to fix across the codebase at a glance.
  const byRule = new Map<string, Finding[]>();
  for (const f of result.findings) byRule.set(f.ruleId, [...(byRule.get(f.ruleId) ?? []), f]);
  const ruleRows = [...byRule.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  const width = Math.max(...ruleRows.map(([id]) => id.length));
  lines.push("By rule:");
  for (const [id, list] of ruleRows) {
    const own = list.filter((f) => f.group !== "migration");
    const moving = list.length - own.length;
    lines.push(`  ${id.padEnd(width)}  ${String(list.length).padStart(4)}  ${[...severityWords(own), ...(moving > 0 ? [plural(moving, "v4-migration finding")] : [])].join(", ")}`);
  }
  if (grouped || result.packages.some((p) => p.sdk)) {
    lines.push("By package:");
    const labels = packageDirs.map((dir) => [packageLabel(result, dir), result.findings.filter((f) => f.package === dir)] as const);
    const labelWidth = Math.max(...labels.map(([l]) => l.length));
    for (const [label, list] of labels) {
      const own = list.filter((f) => f.group !== "migration");
      const moving = list.length - own.length;
      const parts = [...severityWords(own), ...(moving > 0 ? [plural(moving, "v4-migration finding")] : [])];
      lines.push(`  ${label.padEnd(labelWidth)}  ${parts.join(", ")}`);
    }
  }
  lines.push("");
  const migrationNote = migration.length > 0 ? `; ${plural(migration.length, "v4-migration finding")} apart` : "";
  lines.push(`${plural(main.length, "problem")}${main.length > 0 ? ` (${severityWords(main).join(", ")})` : ""} in ${files} checked${version}${migrationNote}.`);
  const fixable = result.findings.filter((f) => f.fix?.kind === "safe").length;
  const suggested = result.findings.filter((f) => f.fix?.kind === "suggestion").length;
  if (fixable + suggested > 0) {
    const parts = [...(fixable > 0 ? [`${fixable} can be fixed by \`check --fix\``] : []), ...(suggested > 0 ? [`${suggested} suggested ${suggested === 1 ? "fix" : "fixes"} to review`] : [])];
    lines.push(pc.dim(`${parts.join("; ")} (\`check --fix --dry-run\` shows the diffs).`));
  }
  return `${lines.join("\n")}\n`;
}

export function formatJson(result: CheckResult): string {
  const problems = result.findings.filter((f) => f.group !== "migration");
  return `${JSON.stringify(
    {
      filesChecked: result.filesChecked,
      summary: { problems: problems.length, ...countBySeverity(problems), migration: result.findings.length - problems.length },
      packages: result.packages,
      findings: result.findings.map(findingJson),
      skipped: result.skipped,
    },
    null,
    2,
  )}\n`;
}

/** SARIF 2.1.0, as GitHub code scanning takes it: rules in tool.driver, relative locations. */
export function formatSarif(result: CheckResult, config: CheckConfig, version: string): string {
  const enabled = ruleList.filter((r) => config.rules.get(r.id) !== "off");
  const index = new Map(enabled.map((r, i) => [r.id, i]));
  const level = (s: Severity) => (s === "info" ? "note" : s === "warning" ? "warning" : "error");
  const sarif = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "inngest-check",
            fullName: "create-inngest-app check",
            version,
            informationUri: "https://www.npmjs.com/package/create-inngest-app",
            rules: enabled.map((r) => ({
              id: r.id,
              name: r.id,
              shortDescription: { text: r.description },
              help: { text: r.hint },
              defaultConfiguration: { level: level((config.rules.get(r.id) as Severity | undefined) ?? r.severity) },
              properties: { severity: (config.rules.get(r.id) as Severity | undefined) ?? r.severity },
            })),
          },
        },
        results: result.findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: index.get(f.ruleId),
          // What moving inngest 3.x code to v4 takes is a note: the code is correct today.
          level: f.group === "migration" ? "note" : level(f.severity),
          message: { text: `${f.message} ${rules.get(f.ruleId)?.hint ?? ""}`.trim() },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file), uriBaseId: "%SRCROOT%" }, region: { startLine: f.line, startColumn: f.column } } }],
          properties: { severity: f.severity, ...(f.group ? { group: f.group } : {}), ...(f.package !== undefined ? { package: f.package } : {}) },
          ...(f.fix ? { fixes: [sarifFix(f.fix)] } : {}),
        })),
        // Files skipped (binary, huge, too deeply nested) are said, not silently dropped.
        invocations: [
          {
            executionSuccessful: true,
            toolExecutionNotifications: result.skipped.map((skip) => ({
              level: "note",
              message: { text: `${skip.file}: ${skip.reason}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(skip.file), uriBaseId: "%SRCROOT%" } } }],
            })),
          },
        ],
        columnKind: "utf16CodeUnits",
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}
