import type * as t from "@babel/types";
import type { CheckConfig } from "./config.ts";
import { buildModel } from "./inngest-model.ts";
import { ModuleGraph, type Module } from "./module-graph.ts";
import { parseSource } from "./parse.ts";
import { listSourceFiles, readSourceFile, type SkippedFile } from "../code/project-files.ts";
import { createResolver } from "../code/resolve.ts";
import { closestRule, rules, type Severity } from "./rules.ts";
import type { RuleFamily } from "./rules/context.ts";
import { durableRules } from "./rules/durable.ts";
import { functionOptionRules } from "./rules/function-options.ts";
import { servingRules } from "./rules/serving.ts";
import { stepRules } from "./rules/steps.ts";
import { v3Rules } from "./rules/v3.ts";
import { analyzeProgram } from "./scope.ts";
import { ignoreDirective, isSuppressed, readSuppressions, type Suppressions } from "./suppressions.ts";

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  hint: string;
  /** Relative to the checked folder, forward slashes. */
  file: string;
  line: number;
  column: number;
}

export interface CheckResult {
  root: string;
  filesChecked: number;
  findings: Finding[];
  skipped: SkippedFile[];
}

const families: RuleFamily[] = [servingRules, functionOptionRules, stepRules, durableRules, v3Rules];

const tooDeep = "nested too deeply to analyse (generated code?): skipped";

const severityOrder: Record<Severity, number> = { critical: 0, error: 1, warning: 2 };

/** Checks every source file below `root` (see project-files.ts for what is skipped). */
export function checkProject(root: string, config: CheckConfig = { rules: new Map() }): CheckResult {
  const listing = listSourceFiles(root);
  const skipped = [...listing.skipped];
  const findings: Finding[] = [];
  const suppressions = new Map<string, Suppressions>();

  const add = (ruleId: string, file: string, line: number, column: number, message: string) => {
    const setting = config.rules.get(ruleId);
    if (setting === "off") return;
    const s = suppressions.get(file);
    if (s && isSuppressed(s, ruleId, line)) return;
    const meta = rules.get(ruleId)!;
    findings.push({ ruleId, severity: setting ?? meta.severity, message, hint: meta.hint, file, line, column });
  };

  const modules: Module[] = [];
  for (const file of listing.files) {
    const read = readSourceFile(file.path);
    if (!read.ok) {
      skipped.push({ file: file.rel, reason: read.reason });
      continue;
    }
    const parsed = parseSource(file.path, read.text);
    if (!parsed.ok) {
      if ("tooDeep" in parsed) skipped.push({ file: file.rel, reason: tooDeep });
      else add("parse-error", file.rel, parsed.error.line, parsed.error.column, `Cannot parse this file: ${parsed.error.message}.`);
      continue;
    }
    const s = readSuppressions(parsed.file.comments ?? []);
    suppressions.set(file.rel, s);
    for (const u of s.unknown) {
      const near = closestRule(u.ruleId);
      add("unknown-ignore-rule", file.rel, u.line, u.column, `Unknown rule "${u.ruleId}" in an ${ignoreDirective} comment${near ? ` (did you mean "${near}"?)` : ""}.`);
    }
    if (parsed.recovered) add("parse-error", file.rel, parsed.recovered.line, parsed.recovered.column, `${parsed.recovered.message}.`);
    let analysis;
    try {
      analysis = analyzeProgram(parsed.file.program);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      skipped.push({ file: file.rel, reason: tooDeep });
      continue;
    }
    modules.push({ path: file.path, rel: file.rel, analysis });
  }

  const graph = new ModuleGraph(modules, createResolver(root, new Set(listing.files.map((f) => f.path))));
  const model = buildModel(graph);
  for (const code of model.skipped) skipped.push({ file: code.module.rel, reason: `line ${code.node.loc?.start.line ?? 1}: ${code.reason}` });
  const report = (ruleId: string, module: Module, node: t.Node, message: string) =>
    add(ruleId, module.rel, node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1, message);
  for (const family of families) family({ model, graph, report });

  // One finding per rule and place: two paths to the same mistake are one mistake.
  const unique = new Map(findings.map((f) => [`${f.file}:${f.line}:${f.column}:${f.ruleId}`, f]));
  const sorted = [...unique.values()].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || severityOrder[a.severity] - severityOrder[b.severity] || (a.ruleId < b.ruleId ? -1 : 1),
  );
  return { root, filesChecked: modules.length, findings: sorted, skipped };
}
