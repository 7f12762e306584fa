import { frameworks, type FrameworkId } from "../catalogue/frameworks.ts";
import type { PatternId } from "../catalogue/patterns.ts";
import { deployTargetIds, frameworkOn, targets, type OlderMajor, type TargetId } from "../catalogue/targets.ts";
import { UserError } from "../errors.ts";
import { packageManagers, type PackageManager } from "../install/package-manager.ts";
import type { CreateOptions } from "../options/create-options.ts";
import type { Templates } from "../render/templates.ts";
import { planCreate } from "./create-plan.ts";
import type { EngineKeys } from "./engine-keys.ts";
import type { Plan, PlannedFile } from "./plan.ts";

/** What `create` was given, read back from a project it made. */
export interface MadeWith {
  framework: FrameworkId;
  projectName: string;
  appId: string;
  packageManager: PackageManager;
  patterns: PatternId[];
}

export interface TargetPlan extends Plan {
  from: TargetId;
  to: TargetId;
  /** "already": the project deploys to this target already; nothing changes. */
  outcome: "add" | "already";
  /**
   * The previous major the project moves to, where the platform's adapter lags behind (SvelteKit 3
   * to 2 on Vercel): said, and confirmed, before anything is written.
   */
  movesTo?: OlderMajor;
  notices: string[];
}

type ReadFile = (relativePath: string) => string | undefined;

/** The files `create` writes for this project on a target, by path. */
function filesOn(made: MadeWith, target: TargetId, templates: Templates, engineKeys: EngineKeys): Map<string, string> {
  const options: CreateOptions = {
    directory: ".",
    ...made,
    target,
    install: false,
    git: false,
    immediate: false,
    overwrite: false,
    dryRun: false,
    json: false,
  };
  return new Map(planCreate(options, "/", templates, () => false, engineKeys).files.map((f) => [f.path, f.content]));
}

/**
 * The target a project made by `create` deploys to: the one whose files match the project best
 * (a file of the target's that is missing counts against it, so "none" wins on a project without
 * deploy files). Undefined when too few files match to call it a project made by `create`.
 */
export function detectTarget(made: MadeWith, read: ReadFile, templates: Templates, engineKeys: EngineKeys): TargetId | undefined {
  const best = bestMatch(made, read, templates, engineKeys);
  return best && best.matched * 2 >= best.of ? best.target : undefined;
}

/**
 * The package manager create was given: the one found (lockfile, `packageManager`) unless another
 * matches the project's files better. Without an install there is no lockfile to tell, and the
 * README, CI workflow and Dockerfile name the package manager.
 */
export function packageManagerCreateWasGiven(made: MadeWith, read: ReadFile, templates: Templates, engineKeys: EngineKeys): PackageManager {
  let best = { packageManager: made.packageManager, score: bestMatch(made, read, templates, engineKeys)?.score ?? -Infinity };
  for (const packageManager of packageManagers) {
    const score = bestMatch({ ...made, packageManager }, read, templates, engineKeys)?.score ?? -Infinity;
    if (score > best.score) best = { packageManager, score };
  }
  return best.packageManager;
}

function bestMatch(made: MadeWith, read: ReadFile, templates: Templates, engineKeys: EngineKeys) {
  let best: { target: TargetId; score: number; matched: number; of: number } | undefined;
  for (const target of ["none", ...deployTargetIds] as TargetId[]) {
    if (!targets[target].supports.includes(made.framework)) continue;
    let matched = 0;
    let missing = 0;
    const files = filesOn(made, target, templates, engineKeys);
    for (const [file, content] of files) {
      const onDisk = read(file);
      if (onDisk === content) matched++;
      else if (onDisk === undefined) missing++;
    }
    const score = matched - missing;
    if (!best || score > best.score) best = { target, score, matched, of: files.size };
  }
  return best;
}

/**
 * Adds a deploy target to a project `create` made with "decide later" (target none): the files
 * `create` would have written for the target, merged three ways. A file still as `create` wrote
 * it takes the target's version; one the user changed is a conflict, except where a merge keeps
 * both: package.json (key by key), .gitignore (lines), env files (keys), the README (sections).
 * Files the target does without are left alone and named.
 */
export function planTarget(
  made: MadeWith,
  to: TargetId,
  root: string,
  read: ReadFile,
  templates: Templates,
  engineKeys: EngineKeys,
  force = false,
): TargetPlan {
  const framework = frameworks[made.framework];
  const target = targets[to];
  if (!target.supports.includes(made.framework)) {
    throw new UserError(`${framework.label} cannot be deployed to ${target.label}: ${target.refusals[made.framework] ?? "it is not supported"}. Nothing was changed.`, 2);
  }
  made = { ...made, packageManager: packageManagerCreateWasGiven(made, read, templates, engineKeys) };
  const from = detectTarget(made, read, templates, engineKeys);
  if (!from) {
    throw new UserError(
      `add --target works on projects made by create-inngest-app: too few of this project's files are the ones create writes for ${framework.label} (${made.patterns.join(", ") || "no pattern found"}). Nothing was changed.`,
    );
  }
  const empty = { root, from, to, files: [], dependencies: {}, devDependencies: {}, env: [], notices: [] };
  if (from === to) return { ...empty, outcome: "already" };
  if (from !== "none") {
    // One deploy config per project: README, env and CI describe one platform, and add never deletes a file.
    throw new UserError(
      `This project already deploys to ${targets[from].label}. add --target adds a target to a project made with "Decide later"; ` +
        `it does not switch targets, since the files of one would be left beside those of the other. Nothing was changed.`,
    );
  }
  // The platform's adapter lags behind: the project moves to the previous major, as create generates it there.
  const older = frameworkOn(made.framework, to).olderMajor;

  const base = filesOn(made, from, templates, engineKeys);
  const next = filesOn(made, to, templates, engineKeys);
  const files: PlannedFile[] = [];
  const notices: string[] = [];
  for (const [file, content] of next) {
    const before = base.get(file);
    if (before === content) continue;
    const onDisk = read(file);
    if (onDisk === content) {
      files.push({ path: file, content, action: "skip", reason: "already as the target needs it" });
      continue;
    }
    if (onDisk === undefined) {
      files.push({ path: file, content, action: "create" });
      continue;
    }
    if (onDisk === before) {
      files.push({ path: file, content, action: "update", previous: onDisk });
      continue;
    }
    // Changed by the user (or there before): merged where both can be kept, else a conflict.
    const merged = merge(file, onDisk, before, content);
    if (merged?.content === onDisk) files.push({ path: file, content: onDisk, action: "skip", reason: "already as the target needs it" });
    else if (merged && merged.conflicts.length === 0) files.push({ path: file, content: merged.content, action: "update", previous: onDisk, reason: "merged with your changes" });
    else if (file === "README.md") notices.push(`README.md has your edits in the sections ${target.label} changes; they are left as they are (the target's Deploy section is not added).`);
    else if (force) files.push({ path: file, content, action: "update", previous: onDisk, reason: "replaced (--force)" });
    else files.push({ path: file, content, action: "conflict", previous: onDisk, reason: merged ? `your changes to ${merged.conflicts.join(", ")}` : "changed since create wrote it" });
  }
  const packageJson = files.find((f) => f.path === "package.json" && f.action === "update");
  const { dependencies, devDependencies } = packageJson ? addedDependencies(packageJson.previous!, packageJson.content) : { dependencies: {}, devDependencies: {} };
  const unused = [...base.keys()].filter((file) => !next.has(file) && read(file) !== undefined);
  if (unused.length > 0) notices.push(`${unused.join(", ")} ${unused.length === 1 ? "is" : "are"} not used on ${target.label}; left in place, remove ${unused.length === 1 ? "it" : "them"} if you like.`);
  return { ...empty, files, dependencies, devDependencies, env: [...target.env], notices, outcome: "add", movesTo: older ?? undefined };
}

interface Merged {
  content: string;
  /** What could not be merged: the user changed it one way and the target needs another. */
  conflicts: string[];
}

function merge(file: string, onDisk: string, before: string | undefined, next: string): Merged | undefined {
  if (file === "package.json") return mergePackageJson(onDisk, before, next);
  if (file === ".gitignore" || file === ".dockerignore") return { content: appendMissingLines(onDisk, next), conflicts: [] };
  if (/^\.env(\.|$)|^\.dev\.vars/.test(file)) return { content: appendMissingKeys(onDisk, next), conflicts: [] };
  if (file === "README.md" && before !== undefined) return mergeSections(onDisk, before, next);
  return undefined;
}

const packageSections = ["scripts", "dependencies", "devDependencies", "engines"] as const;

/** Key by key: a value still as create wrote it takes the target's; one the user changed is kept, or a conflict where the target needs another. */
function mergePackageJson(onDisk: string, before: string | undefined, next: string): Merged | undefined {
  let disk: Record<string, Record<string, string> | undefined>;
  try {
    disk = JSON.parse(onDisk);
  } catch {
    return undefined;
  }
  const was = before ? JSON.parse(before) : {};
  const wanted = JSON.parse(next);
  const conflicts: string[] = [];
  for (const section of packageSections) {
    const keys = new Set([...Object.keys(was[section] ?? {}), ...Object.keys(wanted[section] ?? {})]);
    const entries = { ...disk[section] };
    for (const key of keys) {
      const b = was[section]?.[key];
      const n = wanted[section]?.[key];
      const d = entries[key];
      if (b === n || d === n) continue;
      if (d === b) {
        if (n === undefined) delete entries[key];
        else entries[key] = n;
      } else conflicts.push(`package.json ${section}.${key}`);
    }
    if (Object.keys(entries).length === 0 && disk[section] === undefined) continue;
    // Dependencies stay in the alphabetical order package managers keep.
    disk[section] = section.endsWith("ependencies") ? Object.fromEntries(Object.entries(entries).sort(([a], [b]) => (a < b ? -1 : 1))) : entries;
  }
  const indent = /^[ \t]+(?=")/m.exec(onDisk)?.[0] ?? "  ";
  return { content: `${JSON.stringify(disk, null, indent)}\n`, conflicts };
}

/** The dependencies the merged package.json has that the project did not: what the install brings. */
function addedDependencies(before: string, after: string) {
  const was = JSON.parse(before);
  const now = JSON.parse(after);
  const added = (section: string): Record<string, string> =>
    Object.fromEntries(Object.entries((now[section] ?? {}) as Record<string, string>).filter(([name, range]) => was[section]?.[name] !== range));
  return { dependencies: added("dependencies"), devDependencies: added("devDependencies") };
}

function appendMissingLines(onDisk: string, next: string): string {
  const have = new Set(onDisk.split("\n").map((line) => line.trim()));
  const missing = next.split("\n").filter((line) => line.trim() && !line.startsWith("#") && !have.has(line.trim()));
  if (missing.length === 0) return onDisk;
  return `${onDisk.replace(/\n*$/, "\n")}${missing.join("\n")}\n`;
}

/** An env file gets the keys it lacks, each with the comment above it; values already set stay. */
function appendMissingKeys(onDisk: string, next: string): string {
  const have = new Set([...onDisk.matchAll(/^\s*(?:export\s+)?([A-Za-z_]\w*)\s*=/gm)].map((m) => m[1]));
  const blocks: string[] = [];
  let comments: string[] = [];
  for (const line of next.split("\n")) {
    const key = /^([A-Za-z_]\w*)=/.exec(line)?.[1];
    if (line.startsWith("#")) comments.push(line);
    else if (key && !have.has(key)) {
      blocks.push([...comments, line].join("\n"));
      comments = [];
    } else comments = [];
  }
  if (blocks.length === 0) return onDisk;
  return `${onDisk.replace(/\n*$/, onDisk.trim() ? "\n\n" : "")}${blocks.join("\n\n")}\n`;
}

/** The README, `## ` section by section: a section still as create wrote it takes the target's. */
function mergeSections(onDisk: string, before: string, next: string): Merged {
  const split = (text: string) => text.split(/(?=^## )/m);
  const was = split(before);
  const wanted = split(next);
  if (was.length !== wanted.length) return { content: onDisk, conflicts: ["README.md"] };
  const sections = split(onDisk);
  const conflicts: string[] = [];
  for (const [i, section] of was.entries()) {
    if (section === wanted[i]) continue;
    const at = sections.indexOf(section);
    if (at === -1) {
      if (!sections.includes(wanted[i]!)) conflicts.push(`README.md "${section.split("\n")[0]}"`);
    } else sections[at] = wanted[i]!;
  }
  return { content: sections.join(""), conflicts };
}
