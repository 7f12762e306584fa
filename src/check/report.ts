import { pc } from "../ui/colors.ts";
import { rules, ruleList, type Severity } from "./rules.ts";
import type { CheckConfig } from "./config.ts";
import type { CheckResult } from "./run-check.ts";

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

export function countBySeverity(result: CheckResult): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, error: 0, warning: 0 };
  for (const f of result.findings) counts[f.severity]++;
  return counts;
}

/** Linter-style text: `file:line:col  severity  message  rule-id`, a hint line, then a summary. */
export function formatText(result: CheckResult): string {
  const colour: Record<Severity, (s: string) => string> = { critical: (s) => pc.bold(pc.red(s)), error: pc.red, warning: pc.yellow };
  const lines: string[] = [];
  for (const f of result.findings) {
    lines.push(`${f.file}:${f.line}:${f.column}  ${colour[f.severity](f.severity)}  ${f.message}  ${pc.dim(f.ruleId)}`);
    lines.push(pc.dim(`    hint: ${f.hint}`));
  }
  const counts = countBySeverity(result);
  const files = plural(result.filesChecked, "file");
  if (result.findings.length === 0) lines.push(pc.green(`No problems found (${files} checked).`));
  else {
    const parts = (["critical", "error", "warning"] as const).filter((s) => counts[s] > 0).map((s) => (s === "critical" ? `${counts[s]} critical` : plural(counts[s], s)));
    lines.push("");
    lines.push(`${plural(result.findings.length, "problem")} (${parts.join(", ")}) in ${files} checked.`);
  }
  return `${lines.join("\n")}\n`;
}

export function formatJson(result: CheckResult): string {
  const counts = countBySeverity(result);
  return `${JSON.stringify(
    {
      filesChecked: result.filesChecked,
      summary: { problems: result.findings.length, ...counts },
      findings: result.findings,
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
  const level = (s: Severity) => (s === "warning" ? "warning" : "error");
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
          level: level(f.severity),
          message: { text: `${f.message} ${rules.get(f.ruleId)?.hint ?? ""}`.trim() },
          locations: [{ physicalLocation: { artifactLocation: { uri: encodeURI(f.file), uriBaseId: "%SRCROOT%" }, region: { startLine: f.line, startColumn: f.column } } }],
          properties: { severity: f.severity },
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
