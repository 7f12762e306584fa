import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { loadConfig } from "../check/config.ts";
import { failsRun, formatJson, formatSarif, formatText } from "../check/report.ts";
import { checkProject } from "../check/run-check.ts";
import { planFixes } from "../check/fixes.ts";
import { formatFixPlan } from "../check/fix-report.ts";
import { closestRule, rules } from "../check/rules.ts";
import { untilSignal } from "../signals.ts";
import { applyPlan } from "../write/apply-plan.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { unknownValues } from "../options/suggest.ts";
import { stderr, stdout } from "../ui/output.ts";

export const checkFormats = ["text", "json", "sarif"] as const;
type Format = (typeof checkFormats)[number];

export interface CheckFlags {
  json?: boolean;
  format?: string;
  strict?: boolean;
  failOnMigration?: boolean;
  config?: string;
  fix?: boolean;
  /** Comma-separated rule ids whose suggested fixes are applied too. */
  fixSuggestions?: string;
  dryRun?: boolean;
}

/** Rules whose fixes choose a value for the user: applied only when named in --fix-suggestions. */
export const suggestionRules = ["function-not-served", "wait-without-timeout", "no-concurrency-limit", "no-retry-policy", "payment-without-idempotency", "step-id-style"] as const;

/**
 * `create-inngest-app check [dir]`: exit 0 when clean, 1 on errors (or warnings with --strict;
 * v4-migration findings of inngest 3.x code with --fail-on-migration), 2 on usage errors.
 */
export async function checkCommand(directory: string | undefined, flags: CheckFlags): Promise<void> {
  const suggestions = suggestionsAsked(flags.fixSuggestions);
  if (flags.fix || flags.dryRun || suggestions.size > 0) await fixProject(directory, flags, suggestions);
  else await runCheck(directory, flags);
}

/**
 * Checks the project, with the fix of a missing serve handler planned by add's engine (loaded
 * only for that finding: it brings the templates).
 */
async function checkWithFixes(root: string, config: ReturnType<typeof loadConfig>): Promise<ReturnType<typeof checkProject>> {
  const result = checkProject(root, config);
  const wanted = result.serveHandlerWanted;
  if (wanted) {
    const { serveHandlerFix } = await import("../commands/add.ts");
    const fix = serveHandlerFix(root, wanted.functions);
    if (fix) wanted.finding.fix = fix;
  }
  return result;
}

/** The rules named in --fix-suggestions; an unknown one, or one with nothing to suggest, is a usage error. */
function suggestionsAsked(list: string | undefined): Set<string> {
  if (list === undefined) return new Set();
  const ids = list.split(",").map((s) => s.trim()).filter(Boolean);
  if (ids.length === 0) throw new UserError(`--fix-suggestions needs rule ids: ${suggestionRules.join(", ")}.`, usageErrorExitCode);
  for (const id of ids) {
    if ((suggestionRules as readonly string[]).includes(id)) continue;
    const near = rules.has(id) ? undefined : closestRule(id);
    const why = rules.has(id) ? `"${id}" has no suggested fix` : `Unknown rule "${id}"${near ? ` (did you mean "${near}"?)` : ""}`;
    throw new UserError(`${why}. Rules with suggested fixes: ${suggestionRules.join(", ")}.`, usageErrorExitCode);
  }
  return new Set(ids);
}

/**
 * `check --fix`: the fixes planned from one check, shown as diffs, written all or nothing by the
 * writer (which refuses a file changed since it was read); then the project is checked again,
 * and what is left decides the exit code.
 */
async function fixProject(directory: string | undefined, flags: CheckFlags, suggestions: ReadonlySet<string>): Promise<void> {
  const { root, format, config } = prepare(directory, flags);
  const result = await checkWithFixes(root, config);
  const texts = new Map<string, string | undefined>();
  const read = (file: string) => {
    if (!texts.has(file)) {
      try {
        texts.set(file, readFileSync(path.join(root, file), "utf8"));
      } catch {
        texts.set(file, undefined);
      }
    }
    return texts.get(file);
  };
  const fixes = planFixes(root, result.findings, { suggestions }, read);
  // The diffs are for people: on stderr when stdout carries JSON or SARIF.
  const human = format === "text" ? stdout : stderr;
  human.write(formatFixPlan(fixes, read, Boolean(flags.dryRun)));
  if (flags.dryRun || fixes.plan.files.length === 0) {
    report(result, format, flags, config);
    return;
  }
  await untilSignal((signal) => applyPlan(fixes.plan, { signal }));
  const fixed = fixes.applied.reduce((n, a) => n + a.findings.length, 0);
  human.write(`\nFixed ${fixed} finding${fixed === 1 ? "" : "s"} in ${fixes.plan.files.length} file${fixes.plan.files.length === 1 ? "" : "s"}; checking again:\n\n`);
  report(await checkWithFixes(root, config), format, flags, config);
}

function prepare(directory: string | undefined, flags: CheckFlags) {
  const format = (flags.format ?? (flags.json ? "json" : "text")) as Format;
  if (!checkFormats.includes(format)) throw new UserError(unknownValues("format", [flags.format ?? ""], checkFormats), usageErrorExitCode);
  if (flags.json && flags.format && flags.format !== "json") throw new UserError(`--json and --format ${flags.format} contradict each other.`, usageErrorExitCode);

  const root = path.resolve(directory ?? ".");
  let isDirectory = false;
  try {
    isDirectory = statSync(root).isDirectory();
  } catch {
    throw new UserError(`No such directory: ${directory ?? "."}`, usageErrorExitCode);
  }
  if (!isDirectory) throw new UserError(`Not a directory: ${directory}`, usageErrorExitCode);

  return { root, format, config: loadConfig(root, flags.config) };
}

async function runCheck(directory: string | undefined, flags: CheckFlags): Promise<void> {
  const { root, format, config } = prepare(directory, flags);
  report(await checkWithFixes(root, config), format, flags, config);
}

function report(result: ReturnType<typeof checkProject>, format: Format, flags: CheckFlags, config: ReturnType<typeof loadConfig>): void {
  const output = format === "json" ? formatJson(result) : format === "sarif" ? formatSarif(result, config, packageJson.version) : formatText(result, flags);
  stdout.write(output);
  if (format === "text") for (const s of result.skipped) stderr.write(`note: ${s.file}: ${s.reason}\n`);

  process.exitCode = failsRun(result, flags) ? 1 : 0;
}
