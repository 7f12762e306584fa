import { frameworkIds, frameworkNames, frameworks, findFramework, type FrameworkId } from "../catalogue/frameworks.ts";
import { defaultPatterns, patternIds, type PatternId } from "../catalogue/patterns.ts";
import { defaultTargets, targetIds, targets, targetsFor, type TargetId } from "../catalogue/targets.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { createCommand, detectPackageManager, packageManagers, type PackageManager } from "../install/package-manager.ts";
import { shellQuote } from "../ui/shell-quote.ts";
import { unknownValues } from "./suggest.ts";
import { appIdFor, checkProjectName, describeNameProblem, projectNameFor } from "./project-name.ts";

/** Everything `create` needs to know: filled by flags, then prompts or defaults. */
export interface CreateOptions {
  directory: string;
  projectName: string;
  framework: FrameworkId;
  target: TargetId;
  patterns: PatternId[];
  appId: string;
  packageManager: PackageManager;
  install: boolean;
  git: boolean;
  /** Install, then run the dev script in this terminal (create-vite's `--immediate`). */
  immediate: boolean;
  overwrite: boolean;
  dryRun: boolean;
  json: boolean;
}

/** The flags as the command line gives them: strings, unvalidated, absent when not passed. */
export interface CreateFlags {
  directory?: string;
  framework?: string;
  target?: string;
  patterns?: string;
  appId?: string;
  pm?: string;
  install?: boolean;
  git?: boolean;
  yes?: boolean;
  immediate?: boolean;
  overwrite?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

export type PartialCreateOptions = Partial<CreateOptions>;

/** The questions the interactive flow asks; each has a flag. */
export const choiceFlags = {
  directory: "[directory]",
  framework: "--framework",
  target: "--target",
  patterns: "--patterns",
  install: "--install / --no-install",
  git: "--git / --no-git",
} as const;
export type Choice = keyof typeof choiceFlags;

/** Choices that must be given when nobody can be asked (install and git default to on). */
const requiredChoices = ["directory", "framework", "target", "patterns"] as const satisfies readonly Choice[];

export const defaultDirectory = "my-inngest-app";

/** Validates each flag that was passed; collects every problem before failing. */
export function parseCreateFlags(flags: CreateFlags, cwd = process.cwd()): PartialCreateOptions {
  const problems: string[] = [];
  const options: PartialCreateOptions = {
    overwrite: flags.overwrite ?? false,
    dryRun: flags.dryRun ?? false,
    json: flags.json ?? false,
  };
  if (flags.install !== undefined) options.install = flags.install;
  if (flags.git !== undefined) options.git = flags.git;
  if (flags.immediate !== undefined) options.immediate = flags.immediate;

  if (flags.directory !== undefined) {
    const problem = directoryProblem(flags.directory, cwd);
    if (problem) problems.push(problem);
    else options.directory = flags.directory;
  }
  if (flags.framework !== undefined) {
    const framework = findFramework(flags.framework);
    if (framework) options.framework = framework.id;
    else problems.push(unknownValues("framework", [flags.framework], frameworkIds, { note: "(react-router is an alias of remix)", candidates: frameworkNames }));
  }
  if (flags.target !== undefined) {
    if ((targetIds as readonly string[]).includes(flags.target)) options.target = flags.target as TargetId;
    else problems.push(unknownValues("target", [flags.target], targetIds));
  }
  if (flags.patterns !== undefined) {
    const ids = [...new Set(flags.patterns.split(",").map((p) => p.trim()).filter(Boolean))];
    const unknown = ids.filter((id) => !(patternIds as readonly string[]).includes(id));
    if (unknown.length > 0) problems.push(unknownValues("pattern", unknown, patternIds));
    else if (ids.length === 0) problems.push(`--patterns needs at least one pattern. Valid values: ${patternIds.join(", ")}.`);
    else options.patterns = ids as PatternId[];
  }
  if (flags.appId !== undefined) {
    const problem = appIdProblem(flags.appId);
    if (problem) problems.push(problem);
    else options.appId = flags.appId;
  }
  if (flags.pm !== undefined) {
    if ((packageManagers as readonly string[]).includes(flags.pm)) options.packageManager = flags.pm as PackageManager;
    else problems.push(unknownValues("package manager", [flags.pm], packageManagers));
  }
  if (options.framework && options.target) {
    const problem = combinationProblem(options.framework, options.target);
    if (problem) problems.push(problem);
  }
  if (problems.length > 0) throw new UserError(problems.join("\n"), usageErrorExitCode);
  return options;
}

export function directoryProblem(directory: string, cwd = process.cwd()): string | undefined {
  if (directory.trim() === "") return "The directory name is empty.";
  const check = checkProjectName(projectNameFor(directory, cwd));
  return check.ok ? undefined : describeNameProblem(check);
}

export function appIdProblem(appId: string): string | undefined {
  return /^[a-z0-9][a-z0-9-]*$/.test(appId)
    ? undefined
    : `Invalid app id "${appId}": use lower-case letters, digits and dashes, e.g. "${appIdFor(appId)}".`;
}

export function combinationProblem(framework: FrameworkId, target: TargetId): string | undefined {
  const t = targets[target];
  if (t.supports.includes(framework)) return undefined;
  const fitting = targetsFor(framework).map((x) => x.id);
  const reason = t.refusals[framework] ?? "it is not supported";
  return `${frameworks[framework].label} cannot be deployed to ${t.label}: ${reason}. Targets that fit ${frameworks[framework].label}: ${fitting.join(", ")}.`;
}

export function missingChoices(options: PartialCreateOptions): Choice[] {
  return requiredChoices.filter((choice) => options[choice] === undefined);
}

/** The value `--yes` (or a prompt's initial value) would pick for a choice. */
export function defaultFor(options: PartialCreateOptions) {
  const framework = options.framework ?? "next";
  return {
    directory: defaultDirectory,
    framework,
    target: defaultTargets[framework],
    patterns: [...defaultPatterns],
    install: true,
    git: true,
  };
}

/** Fills every unanswered option with its default and reports which defaults were used. */
export function completeOptions(
  partial: PartialCreateOptions,
  cwd = process.cwd(),
): { options: CreateOptions; defaultsUsed: string[] } {
  const defaults = defaultFor(partial);
  const defaultsUsed: string[] = [];
  const pick = <K extends keyof typeof defaults>(key: K, shown = String(defaults[key])) => {
    if (partial[key] !== undefined) return partial[key] as (typeof defaults)[K];
    defaultsUsed.push(`${key}: ${shown}`);
    return defaults[key];
  };
  const directory = pick("directory");
  const framework = pick("framework");
  // defaultFor() already took the target default from the framework (given, or "next").
  const target = pick("target");
  const chosenPatterns = pick("patterns", defaults.patterns.join(","));
  const install = pick("install", "yes");
  const git = pick("git", "yes");
  const projectName = projectNameFor(directory, cwd);
  const options: CreateOptions = {
    directory,
    projectName,
    framework,
    target,
    patterns: chosenPatterns,
    appId: partial.appId ?? appIdFor(projectName),
    packageManager: partial.packageManager ?? detectPackageManager(),
    install,
    git,
    immediate: partial.immediate ?? false,
    overwrite: partial.overwrite ?? false,
    dryRun: partial.dryRun ?? false,
    json: partial.json ?? false,
  };
  const problem = directoryProblem(directory, cwd) ?? combinationProblem(framework, target);
  if (problem) throw new UserError(problem, usageErrorExitCode);
  return { options, defaultsUsed };
}

/**
 * The one-line, non-interactive command that reproduces these options: `--yes` takes the default
 * for every flag left out, so flags that only repeat a default are left out (the package manager
 * is the one the create command runs with).
 */
export function equivalentCommand(options: CreateOptions): string {
  const defaults = defaultFor({ framework: options.framework });
  const parts = [createCommand(options.packageManager), shellQuote(options.directory)];
  if (options.framework !== defaultFor({}).framework) parts.push(`--framework ${options.framework}`);
  if (options.target !== defaults.target) parts.push(`--target ${options.target}`);
  if (options.patterns.join(",") !== defaults.patterns.join(",")) parts.push(`--patterns ${options.patterns.join(",")}`);
  if (options.appId !== appIdFor(options.projectName)) parts.push(`--app-id ${shellQuote(options.appId)}`);
  if (!options.install) parts.push("--no-install");
  if (!options.git) parts.push("--no-git");
  if (options.overwrite) parts.push("--overwrite");
  parts.push("--yes");
  return parts.join(" ");
}

