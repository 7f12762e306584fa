import { statSync } from "node:fs";
import path from "node:path";
import packageJson from "../../package.json" with { type: "json" };
import { loadConfig } from "../check/config.ts";
import { failsRun, formatJson, formatSarif, formatText } from "../check/report.ts";
import { checkProject } from "../check/run-check.ts";
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
}

/**
 * `create-inngest-app check [dir]`: exit 0 when clean, 1 on errors (or warnings with --strict;
 * v4-migration findings of inngest 3.x code with --fail-on-migration), 2 on usage errors.
 */
export async function checkCommand(directory: string | undefined, flags: CheckFlags): Promise<void> {
  runCheck(directory, flags);
}

function runCheck(directory: string | undefined, flags: CheckFlags): void {
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

  const config = loadConfig(root, flags.config);
  const result = checkProject(root, config);

  const output = format === "json" ? formatJson(result) : format === "sarif" ? formatSarif(result, config, packageJson.version) : formatText(result, flags);
  stdout.write(output);
  if (format === "text") for (const s of result.skipped) stderr.write(`note: ${s.file}: ${s.reason}\n`);

  process.exitCode = failsRun(result, flags) ? 1 : 0;
}
