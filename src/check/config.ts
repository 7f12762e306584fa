import path from "node:path";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { parseJsonc, readTextIfExists } from "../code/jsonc.ts";
import { closestRule, rules, severities, type Severity } from "./rules.ts";

/**
 * Rule settings, from `inngest-check.json` (JSON with comments) at the project root, or the
 * `"inngestCheck"` key of its package.json:
 *
 *   { "rules": { "no-retry-policy": "off", "step-id-style": "error" } }
 *
 * A rule is "off" or re-levelled to "info" (reported, never failing), "warning", "error" or "critical".
 */
export const configFileName = "inngest-check.json";

export type RuleSetting = Severity | "off";

export interface CheckConfig {
  rules: Map<string, RuleSetting>;
  /** Where the settings came from, for messages; undefined when there are none. */
  source?: string;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function fromObject(value: unknown, source: string): CheckConfig {
  if (!isRecord(value)) throw new UserError(`${source}: expected an object like { "rules": { "<rule-id>": "off" } }.`, usageErrorExitCode);
  const unknownKeys = Object.keys(value).filter((k) => k !== "rules" && k !== "$schema");
  if (unknownKeys.length > 0) throw new UserError(`${source}: unknown key ${unknownKeys.map((k) => `"${k}"`).join(", ")} (only "rules" is read).`, usageErrorExitCode);
  const settings = new Map<string, RuleSetting>();
  if (value.rules === undefined) return { rules: settings, source };
  if (!isRecord(value.rules)) throw new UserError(`${source}: "rules" must be an object of rule id → "off" | "info" | "warning" | "error" | "critical".`, usageErrorExitCode);
  for (const [id, setting] of Object.entries(value.rules)) {
    if (!rules.has(id)) {
      const near = closestRule(id);
      throw new UserError(`${source}: unknown rule "${id}"${near ? ` (did you mean "${near}"?)` : ""}. Rules: ${[...rules.keys()].join(", ")}.`, usageErrorExitCode);
    }
    if (setting !== "off" && !severities.includes(setting as Severity)) {
      throw new UserError(`${source}: rule "${id}" is set to ${JSON.stringify(setting)}; use "off", "info", "warning", "error" or "critical".`, usageErrorExitCode);
    }
    settings.set(id, setting as RuleSetting);
  }
  return { rules: settings, source };
}

/** The settings for a project: an explicit file, else inngest-check.json, else package.json's key. */
export function loadConfig(root: string, explicitFile?: string): CheckConfig {
  const file = explicitFile ? path.resolve(explicitFile) : path.join(root, configFileName);
  const text = readTextIfExists(file);
  if (text === undefined && explicitFile) throw new UserError(`Config file not found: ${explicitFile}`, usageErrorExitCode);
  if (text !== undefined) {
    const parsed = parseJsonc(text);
    if (parsed === undefined) throw new UserError(`${path.relative(process.cwd(), file) || file}: not valid JSON.`, usageErrorExitCode);
    return fromObject(parsed, path.basename(file));
  }
  const pkg = parseJsonc(readTextIfExists(path.join(root, "package.json")) ?? "");
  if (isRecord(pkg) && pkg.inngestCheck !== undefined) return fromObject(pkg.inngestCheck, 'package.json "inngestCheck"');
  return { rules: new Map() };
}
