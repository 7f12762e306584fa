import path from "node:path";
import type * as t from "@babel/types";
import type { CheckConfig } from "./config.ts";
import type { Fix } from "./fixes.ts";
import { buildModel, getProperty } from "./inngest-model.ts";
import { ModuleGraph, type Module } from "./module-graph.ts";
import { parseSource } from "./parse.ts";
import { listSourceFiles, readSourceFile, type SkippedFile, type SourceFile } from "../code/project-files.ts";
import { readTextIfExists } from "../code/jsonc.ts";
import { lineAndColumn } from "../code/parse.ts";
import { createResolver } from "../code/resolve.ts";
import { closestRule, rules, type Severity } from "./rules.ts";
import type { RuleFamily } from "./rules/context.ts";
import { durableRules } from "./rules/durable.ts";
import { functionOptionRules } from "./rules/function-options.ts";
import { functionsToServe, servingRules, type FunctionToServe } from "./rules/serving.ts";
import { stepRules } from "./rules/steps.ts";
import { v3Rules } from "./rules/v3.ts";
import { ProjectPackages, dependencyInText, type InngestVersion, type PackageInfo } from "./packages.ts";
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
  /** The folder of the package the file belongs to ("" for the root); absent without a package.json. */
  package?: string;
  /** `migration`: a v4-migration finding on inngest 3.x code, which does not fail the run by default. */
  group?: "migration";
  /** How to fix it, as edits (see fixes.ts); several findings may share one fix. */
  fix?: Fix;
}

export interface PackageSummary {
  /** Relative to the checked folder ("" for the root). */
  dir: string;
  name?: string;
  /** "inngest 3.x", when the package (or one above it) declares inngest. */
  sdk?: string;
  inngest: InngestVersion;
}

export interface CheckResult {
  root: string;
  filesChecked: number;
  findings: Finding[];
  skipped: SkippedFile[];
  /** The packages that declare inngest or hold findings, in folder order. */
  packages: PackageSummary[];
  /**
   * The project has functions and no serve handler: what a new one would register. Its fix is
   * planned by add's engine (`serveHandlerFix` in commands/add.ts), which check loads only then.
   */
  serveHandlerWanted?: { finding: Finding; functions: FunctionToServe[] };
}

/**
 * Rules about moving to v4: on inngest 3.x code they describe the migration, not a mistake
 * (v3's `EventSchemas`, three-argument `createFunction`, serve options, Promise.race over steps
 * and `step.invoke` given a string id (v3's InvokeTargetFunctionDefinition includes `string`) are
 * correct there).
 */
export const migrationRules = (id: string) => id.startsWith("v3-") || id === "promise-race-steps" || id === "invoke-string-id";

/**
 * inngest 0.x–2.x: function ids were `slugify(app name + name)` unless given (then used as is),
 * and step.sleep, waitForEvent and sendEvent took no id. The rules read 3 and 4.
 */
const olderThanV3 = (pkg: PackageInfo) => pkg.inngest.major !== undefined && pkg.inngest.major < 3;
/** A Handlebars/Mustache placeholder (`{{name}}`, `{{upper name}}`), as scaffolds' templates hold. */
const templatePlaceholder = /\{\{\s*[#/>^]?[\w$.]+(?:\s+[\w$.]+)*\s*\}\}/;
/** Findings about the file itself, true whatever the SDK version. */
const aboutTheFile = (id: string) => id === "parse-error" || id === "unknown-ignore-rule";

/** Hints that differ on inngest 3.x, which has no eventType(). */
const v3Hints: Record<string, string> = {
  "untyped-event": "inngest 3.x types events through the client: `new Inngest({ id, schemas: new EventSchemas().fromRecord<Events>() })`.",
};

/** "inngest 3.x"; "inngest@latest" for a dist-tag; nothing for a path or URL. */
export const sdkLabel = (version: InngestVersion) =>
  version.major !== undefined ? `inngest ${version.major}.x` : version.range && /^[a-z-]+$/.test(version.range) ? `inngest@${version.range}` : undefined;

const families: RuleFamily[] = [servingRules, functionOptionRules, stepRules, durableRules, v3Rules];

/** Every import of Inngest (`inngest`, `inngest/next`, `@inngest/agent-kit`, a package named after it) names it. */
const mentionsInngest = /inngest/i;
/**
 * What a file holding Inngest code says somewhere: Inngest itself, or (with a client or serve
 * imported from a shared package under another name) `createFunction`, a serve entry, `send(`.
 */
const mayHoldInngestCode = /inngest|createFunction|\bserve\b|createServer|\bconnect\b|fastifyPlugin|\.register\(|\.send\(/i;

const tooDeep = "nested too deeply to analyse (generated code?): skipped";

const severityOrder: Record<Severity, number> = { critical: 0, error: 1, warning: 2, info: 3 };

/** Checks every source file below `root` (see project-files.ts for what is skipped). */
export function checkProject(root: string, config: CheckConfig = { rules: new Map() }): CheckResult {
  const listing = listSourceFiles(root);
  const skipped = [...listing.skipped];
  const findings: Finding[] = [];
  const suppressions = new Map<string, Suppressions>();

  const add = (ruleId: string, file: string, line: number, column: number, message: string, fix?: Fix, severity?: Severity) => {
    const setting = config.rules.get(ruleId);
    if (setting === "off") return;
    const s = suppressions.get(file);
    if (s && isSuppressed(s, ruleId, line)) return;
    const meta = rules.get(ruleId)!;
    findings.push({ ruleId, severity: setting ?? severity ?? meta.severity, message, hint: meta.hint, file, line, column, ...(fix ? { fix } : {}) });
  };

  /** Parses and analyses one file; undefined (and said in `skipped` or a finding) when it cannot. */
  let unparsed = 0;
  const readModule = (file: SourceFile, text: string): Module | undefined => {
    const module = parseModule(file, text);
    if (!module) unparsed++;
    return module;
  };
  const parseModule = (file: SourceFile, text: string): Module | undefined => {
    const parsed = parseSource(file.path, text);
    // A file that never names Inngest cannot hold Inngest code: its syntax is not ours to fail on.
    const unrelated = !mentionsInngest.test(text);
    if (!parsed.ok) {
      if ("tooDeep" in parsed) skipped.push({ file: file.rel, reason: tooDeep });
      else if (unrelated) skipped.push({ file: file.rel, reason: `does not parse (${parsed.error.line}:${parsed.error.column} ${parsed.error.message}) and does not use Inngest: skipped` });
      // A scaffold's template (`{{name}}` placeholders) is code once rendered, not before.
      else if (templatePlaceholder.test(text)) skipped.push({ file: file.rel, reason: `does not parse (${parsed.error.line}:${parsed.error.column} ${parsed.error.message}) and holds template placeholders ({{…}}): a template, skipped` });
      else add("parse-error", file.rel, parsed.error.line, parsed.error.column, `Cannot parse this file: ${parsed.error.message}.`);
      return undefined;
    }
    const s = readSuppressions(parsed.file.comments ?? []);
    suppressions.set(file.rel, s);
    for (const u of s.unknown) {
      const near = closestRule(u.ruleId);
      add("unknown-ignore-rule", file.rel, u.line, u.column, `Unknown rule "${u.ruleId}" in an ${ignoreDirective} comment${near ? ` (did you mean "${near}"?)` : ""}.`);
    }
    if (parsed.recovered) {
      const { line, column, message } = parsed.recovered;
      if (unrelated) skipped.push({ file: file.rel, reason: `does not parse (${line}:${column} ${message}) and does not use Inngest: checked as far as it parses` });
      else add("parse-error", file.rel, line, column, `${message}.`);
    }
    try {
      return { path: file.path, rel: file.rel, analysis: analyzeProgram(parsed.file.program), text };
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      skipped.push({ file: file.rel, reason: tooDeep });
      return undefined;
    }
  };

  // Files that may hold Inngest code are parsed now; the others (most of a big monorepo: views,
  // helpers) only when an import from one of those leads to them, which keeps time and memory low.
  const modules: Module[] = [];
  const deferred = new Map<string, SourceFile>();
  let filesRead = 0;
  for (const file of listing.files) {
    const read = readSourceFile(file.path);
    if (!read.ok) {
      skipped.push({ file: file.rel, reason: read.reason });
      continue;
    }
    filesRead++;
    if (!mayHoldInngestCode.test(read.text)) {
      deferred.set(file.path, file);
      continue;
    }
    const module = readModule(file, read.text);
    if (module) modules.push(module);
  }
  const loadDeferred = (filePath: string): Module | undefined => {
    const file = deferred.get(filePath);
    const read = file && readSourceFile(file.path);
    return file && read?.ok ? readModule(file, read.text) : undefined;
  };

  const packages = new ProjectPackages(root, listing.files.map((f) => f.path));
  const resolver = packages.withWorkspaces(createResolver(root, new Set(listing.files.map((f) => f.path))));
  const graph = new ModuleGraph(modules, resolver, loadDeferred);
  const model = buildModel(graph);
  for (const code of model.skipped) skipped.push({ file: code.module.rel, reason: `line ${code.node.loc?.start.line ?? 1}: ${code.reason}` });
  const report = (ruleId: string, module: Module, node: t.Node, message: string, fix?: Fix, severity?: Severity) =>
    add(ruleId, module.rel, node.loc?.start.line ?? 1, (node.loc?.start.column ?? 0) + 1, message, fix, severity);
  const servedElsewhere = model.functions.length > 0 && !model.serves.some((s) => s.certain) ? packages.workspaceAbove() : undefined;
  for (const family of families) family({ model, graph, report, servedElsewhere });

  // Each finding in its package, read against that package's inngest version.
  const packageOfRel = (rel: string) => packages.packageOf(path.join(root, rel));
  // On inngest 3.x a client given `schemas` types the bare event names used with it.
  const typedV3Client = model.clients.some(({ module, node }) => packageOfRel(module.rel)?.inngest.major === 3 && node.arguments[0]?.type === "ObjectExpression" && getProperty(node.arguments[0], "schemas").key);
  const kept: Finding[] = [];
  const unchecked = new Set<PackageInfo>();
  for (const fnOrClient of [...model.functions, ...model.clients]) {
    const pkg = packageOfRel(fnOrClient.module.rel);
    if (pkg && olderThanV3(pkg)) unchecked.add(pkg);
  }
  for (const f of findings) {
    const pkg = packageOfRel(f.file);
    if (pkg) f.package = pkg.dir;
    // The rules read inngest 3 and 4; on older code they would misread ids and arguments.
    if (pkg && olderThanV3(pkg) && !aboutTheFile(f.ruleId)) {
      unchecked.add(pkg);
      continue;
    }
    if (pkg?.inngest.major === 3) {
      if (migrationRules(f.ruleId)) f.group = "migration";
      // On v3 a bare name is typed when the client has schemas.
      if (f.ruleId === "untyped-event" && typedV3Client) continue;
      if (v3Hints[f.ruleId] && !config.rules.has(f.ruleId)) f.hint = v3Hints[f.ruleId]!;
    }
    kept.push(f);
  }
  findings.length = 0;
  findings.push(...kept);
  for (const pkg of unchecked) {
    const manifest = path.join(pkg.dir, "package.json").split(path.sep).join("/");
    const text = readTextIfExists(path.join(pkg.abs, "package.json")) ?? "";
    const at = dependencyInText(text, "inngest");
    const { line, column } = at ? lineAndColumn(text, at.key) : { line: 1, column: 1 };
    const before = findings.length;
    add("sdk-before-v3", manifest, line, column, `${sdkLabel(pkg.inngest)} is older than inngest 3, where function and step ids work differently (an \`id\` given to a function replaces its app-prefixed id): this package's Inngest code is not checked.`);
    for (const f of findings.slice(before)) f.package = pkg.dir;
  }

  // One finding per rule and place: two paths to the same mistake are one mistake.
  const unique = new Map(findings.map((f) => [`${f.file}:${f.line}:${f.column}:${f.ruleId}`, f]));
  const sorted = [...unique.values()].sort(
    (a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.column - b.column || severityOrder[a.severity] - severityOrder[b.severity] || (a.ruleId < b.ruleId ? -1 : 1),
  );
  const withFindings = new Set(sorted.map((f) => f.package));
  const packageList = packages.all
    .filter((p) => withFindings.has(p.dir) || (!p.inngest.inherited && (p.inngest.range !== undefined || p.inngest.locked !== undefined)))
    .sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))
    .map((p) => ({ dir: p.dir, name: p.name, sdk: sdkLabel(p.inngest), inngest: p.inngest }));
  const missingServe = sorted.find((f) => f.ruleId === "serve-handler-missing");
  const toServe = missingServe && functionsToServe(model);
  return {
    root,
    filesChecked: filesRead - unparsed,
    findings: sorted,
    skipped,
    packages: packageList,
    ...(missingServe && toServe ? { serveHandlerWanted: { finding: missingServe, functions: toServe } } : {}),
  };
}
