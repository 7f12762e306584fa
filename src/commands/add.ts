import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import pc from "picocolors";
import { findFramework, frameworkIds, frameworkNames, frameworks } from "../catalogue/frameworks.ts";
import { defaultPatterns, functionCount, patternIds, patterns, type PatternId } from "../catalogue/patterns.ts";
import { deployTargetIds, frameworkOn, targets, type TargetId } from "../catalogue/targets.ts";
import { satisfiesMinimum } from "../install/node-version.ts";
import { appIdFor } from "../options/project-name.ts";
import type { TargetPlan } from "../plan/target-plan.ts";
import { detectInngestSetup, type InngestSetup } from "../detect/inngest-setup.ts";
import { detectFramework, detectProject, devServerPort, readPackageJson, workspaceApps, workspaceRootError, type ProjectFacts } from "../detect/detect-project.ts";
import { findServerApp } from "../detect/server-app.ts";
import { CancelledError, UserError, usageErrorExitCode } from "../errors.ts";
import { formatCreatedFiles } from "../install/format-files.ts";
import { installDependencies, type InstallResult } from "../install/install-dependencies.ts";
import { outputOf } from "../install/run.ts";
import { runScript } from "../install/package-manager.ts";
import { planAdd, type AddPlan } from "../plan/add-plan.ts";
import { conflicts, type Plan } from "../plan/plan.ts";
import { loadTemplates } from "../render/load-templates.ts";
import { clackReporter, plainReporter, type Reporter } from "../ui/reporter.ts";
import { untilSignal } from "../signals.ts";
import { applyPlan } from "../write/apply-plan.ts";
import { describePlan } from "../write/describe-plan.ts";
import { fileDiff } from "../write/file-diff.ts";
import { unknownValues } from "../options/suggest.ts";
import { stderr, stdout } from "../ui/output.ts";
import { isTerminal } from "../ui/terminal.ts";
import { terminalWidth, wrapText } from "../ui/width.ts";

export interface AddFlags {
  patterns: string[];
  cwd?: string;
  framework?: string;
  target?: string;
  install?: boolean;
  yes?: boolean;
  force?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

type Clack = typeof import("@clack/prompts");

export async function addCommand(flags: AddFlags): Promise<void> {
  const interactive = Boolean(isTerminal(1) && isTerminal(0) && !process.env.CI && !flags.json && !flags.yes);
  const clack: Clack | undefined = interactive ? await import("@clack/prompts") : undefined;
  const width = terminalWidth(flags.json ? 2 : 1);
  const report: Reporter = clack ? await clackReporter(width) : plainReporter(flags.json ? stderr : stdout, width);
  // A block's lines, fitted: clack's note frame takes 6 columns, the plain block's indent 2. Continuations hang under the text.
  const fit = (lines: string[], hang: number) => lines.map((line) => wrapText(line, width - (clack ? 6 : 2), hang));
  clack?.intro(pc.bgCyan(pc.black(" create-inngest-app add ")));

  const unknown = flags.patterns.filter((id) => !(patternIds as readonly string[]).includes(id));
  if (unknown.length > 0) throw new UserError(unknownValues("pattern", unknown, patternIds), usageErrorExitCode);

  if (flags.framework !== undefined && !findFramework(flags.framework)) {
    throw new UserError(unknownValues("framework", [flags.framework], frameworkIds, { note: "(react-router is an alias of remix)", candidates: frameworkNames }), usageErrorExitCode);
  }

  if (flags.target !== undefined) {
    if (!(deployTargetIds as readonly string[]).includes(flags.target)) {
      throw new UserError(unknownValues("target", [flags.target], deployTargetIds), usageErrorExitCode);
    }
    if (flags.patterns.length > 0) throw new UserError("add takes patterns or --target, not both: run it once for each.", usageErrorExitCode);
  }

  let root = path.resolve(flags.cwd ?? ".");
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UserError(`${root} is not a directory.`, usageErrorExitCode);
  root = await chooseWorkspace(root, flags, clack);

  const project = detectProject(root, flags.framework);
  const setup = detectInngestSetup(project);
  if (flags.target !== undefined) {
    await addTarget(flags.target as TargetId, project, setup, flags, report, clack);
    return;
  }
  const server = project.framework === "express" || project.framework === "hono" ? findServerApp(root, project.framework) : undefined;
  report.block("Found", fit(describeFindings(project, setup, server?.file.path), "framework:        ".length));

  const patterns = await choosePatterns(flags, clack);

  // Read once each: the plan reads some files several times (one it edits, .env.example).
  const texts = new Map<string, string | undefined>();
  const plan = planAdd(project, setup, server, { patterns, force: Boolean(flags.force) }, loadTemplates(), (relative) => {
    if (!texts.has(relative)) {
      const file = path.join(root, relative);
      texts.set(relative, existsSync(file) ? readFileSync(file, "utf8") : undefined);
    }
    return texts.get(relative);
  });
  for (const { pattern, where } of plan.alreadyPresent) report.info(`${pattern} is already in this project (${where}); skipped.`);
  for (const notice of plan.notices) report.info(notice);
  const changing = plan.files.filter((f) => f.action !== "skip");
  if (changing.length === 0) {
    report.success(plan.added.length === 0 ? "Nothing to do: every pattern asked for is already here." : "Nothing to change.");
    printJson(flags, project, plan, "nothing-to-do");
    return;
  }

  report.block(flags.dryRun ? "Plan (dry run: nothing written)" : "Plan", [...describePlan(plan), "", ...diffs(plan)]);
  const blocked = conflicts(plan);
  if (blocked.length > 0) {
    const message =
      `${blocked.length === 1 ? "A file" : `${blocked.length} files`} the patterns need already exist${blocked.length === 1 ? "s" : ""} with other content: ${blocked.map((f) => f.path).join(", ")} (diff above).\n` +
      "Nothing was changed. Move or rename them, or pass --force to replace them.";
    printJson(flags, project, plan, "conflict", "skipped", message);
    throw new UserError(message);
  }
  if (flags.dryRun) {
    printJson(flags, project, plan, "dry-run");
    return;
  }
  const dirty = warnAboutUncommittedChanges(root, flags, report);
  if (clack) {
    const go = await clack.confirm({
      message: dirty ? `Apply these ${changing.length} changes on top of uncommitted ones?` : `Apply these ${changing.length} changes?`,
      initialValue: !dirty,
    });
    if (clack.isCancel(go) || !go) throw new CancelledError("Nothing was changed.");
  }

  await untilSignal((signal) => applyPlan(plan, { signal }));
  report.success(`Added ${plan.added.join(", ")} to ${project.packageJson.name ?? path.basename(root)} (${frameworks[project.framework].label}).`);

  const needsInstall = Object.keys(plan.dependencies).length + Object.keys(plan.devDependencies).length > 0;
  let install: InstallResult["outcome"] | "skipped" = "skipped";
  let exitCode = 0;
  if (needsInstall && flags.install !== false) ({ outcome: install, exitCode } = await installDependencies(project.packageManager, root, report, Boolean(clack)));
  if (install !== "interrupted") {
    const created = plan.files.filter((f) => f.action === "create").map((f) => f.path);
    const formatted = await untilSignal((signal) => formatCreatedFiles(project, created, signal));
    if (formatted?.ok) report.info(`Formatted the new files with the project's ${formatted.tool} (${formatted.bin}).`);
    else if (formatted) report.warn(`The project's ${formatted.tool} (${formatted.bin}) did not format the new files cleanly; run it yourself to see why:\n${formatted.outputTail}`);
  }
  if (install !== "interrupted") {
    report.block("Next steps", fit(nextSteps(project, plan, needsInstall && install !== "installed"), 2));
    clack?.outro(install === "failed" ? pc.yellow("Added; the install needs a retry.") : pc.green("Done."));
  }
  printJson(flags, project, plan, "applied", install);
  if (exitCode !== 0) process.exitCode = exitCode;
}

/** `add --target <id>`: the deploy config `create` would have written, on a project made with "Decide later". */
async function addTarget(to: TargetId, project: ProjectFacts, setup: InngestSetup, flags: AddFlags, report: Reporter, clack: Clack | undefined): Promise<void> {
  const { planTarget } = await import("../plan/target-plan.ts");
  const { generateEngineKeys } = await import("../plan/engine-keys.ts");
  const root = project.root;
  const projectName = project.packageJson.name ?? path.basename(root);
  const made = {
    framework: project.framework,
    projectName,
    appId: setup.client?.appId ?? appIdFor(projectName),
    packageManager: project.packageManager,
    // The patterns whose functions are all here, in the catalogue's order.
    patterns: patternIds.filter((id) => patterns[id].functions.every((f) => f.ids.every((fid) => setup.functionIds[fid]))),
  };
  const read = (relative: string) => {
    const file = path.join(root, relative);
    return existsSync(file) ? readFileSync(file, "utf8") : undefined;
  };
  const label = targets[to].label;
  const plan = planTarget(made, to, root, read, loadTemplates(), generateEngineKeys(), Boolean(flags.force));
  for (const notice of plan.notices) report.info(notice);
  const changing = plan.files.filter((f) => f.action !== "skip");
  if (plan.outcome === "already" || changing.length === 0) {
    report.success(`Nothing to change: this project already deploys to ${label}.`);
    printTargetJson(flags, plan, "nothing-to-do");
    return;
  }
  report.block(flags.dryRun ? `Plan for ${label} (dry run: nothing written)` : `Plan for ${label}`, [...describePlan(plan), "", ...diffs(plan)]);
  const blocked = conflicts(plan);
  if (blocked.length > 0) {
    const message =
      `${blocked.map((f) => `${f.path} (${f.reason})`).join(", ")}: changed since create wrote ${blocked.length === 1 ? "it" : "them"}, and ${label} needs ${blocked.length === 1 ? "it" : "them"} otherwise (diff above).\n` +
      "Nothing was changed. Undo those changes, or pass --force to replace the files.";
    printTargetJson(flags, plan, "conflict", "skipped", message);
    throw new UserError(message);
  }
  if (flags.dryRun) {
    printTargetJson(flags, plan, "dry-run");
    return;
  }
  if (plan.movesTo) {
    // Said before anything is written; without a terminal to confirm, only with --yes.
    report.warn(`On ${label}, ${plan.movesTo.reason}. So this project moves from ${plan.movesTo.newest} to ${plan.movesTo.major}, as create makes it for ${label} (package.json and config files above).`);
    if (!clack && !flags.yes) throw new UserError(`Moving to ${plan.movesTo.major} needs a confirmation: pass --yes, or pick a target that runs ${plan.movesTo.newest}. Nothing was changed.`);
  }
  const dirty = warnAboutUncommittedChanges(root, flags, report);
  if (clack) {
    const what = plan.movesTo ? ` and move to ${plan.movesTo.major}` : "";
    const go = await clack.confirm({
      message: dirty ? `Apply these ${changing.length} changes${what} on top of uncommitted ones?` : `Apply these ${changing.length} changes${what}?`,
      initialValue: !dirty && !plan.movesTo,
    });
    if (clack.isCancel(go) || !go) throw new CancelledError("Nothing was changed.");
  }
  await untilSignal((signal) => applyPlan(plan, { signal }));
  report.success(`Added the ${label} deploy config to ${projectName} (${frameworks[project.framework].label}); its README says how to deploy.`);
  const packageJsonChanged = plan.files.some((f) => f.path === "package.json" && f.action === "update");
  let install: InstallResult["outcome"] | "skipped" = "skipped";
  let exitCode = 0;
  // A target can raise the Node need (wrangler): an install that cannot work on this Node is skipped, said so.
  const minNode = frameworkOn(project.framework, to).minNode;
  const nodeOk = satisfiesMinimum(process.versions.node, minNode);
  if (packageJsonChanged && !nodeOk) report.warn(`${frameworks[project.framework].label} on ${label} needs Node ${minNode} or newer; this is Node ${process.versions.node}. The install is skipped: switch Node (e.g. \`nvm install 24\`) first.`);
  if (packageJsonChanged && nodeOk && flags.install !== false) ({ outcome: install, exitCode } = await installDependencies(project.packageManager, root, report, Boolean(clack)));
  if (packageJsonChanged && install !== "installed" && install !== "interrupted") report.info(`package.json changed: run \`${project.packageManager} install\`.`);
  clack?.outro(pc.green("Done."));
  printTargetJson(flags, plan, "applied", install);
  if (exitCode !== 0) process.exitCode = exitCode;
}

function printTargetJson(flags: AddFlags, plan: TargetPlan, outcome: string, install = "skipped", error?: string): void {
  if (!flags.json) return;
  const summary = {
    directory: plan.root,
    target: plan.to,
    from: plan.from,
    // The previous major the project moves to (the platform's adapter lags behind), or null.
    movesTo: plan.movesTo ? { major: plan.movesTo.major, from: plan.movesTo.newest, reason: plan.movesTo.reason } : null,
    outcome,
    ...(error ? { error, exitCode: 1 } : {}),
    notices: plan.notices,
    files: plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) })),
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    env: plan.env.map((v) => v.key),
    install,
  };
  stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

/**
 * A monorepo root holds no app (even with --framework: files and dependencies belong in the
 * package that runs it): ask which workspace, or, without a terminal, name them for --cwd.
 */
async function chooseWorkspace(root: string, flags: AddFlags, clack: Clack | undefined): Promise<string> {
  if (!existsSync(path.join(root, "package.json"))) return root;
  const { json } = readPackageJson(root);
  const apps = workspaceApps(root, json);
  if (apps.length === 0 || detectFramework(json)) return root;
  const wanted = flags.framework ? findFramework(flags.framework)?.id : undefined;
  const fitting = apps.filter((app) => app.framework === wanted);
  const candidates = fitting.length > 0 ? fitting : apps;
  if (!clack) throw workspaceRootError(root, candidates);
  const picked = await clack.select({
    message: "This is a workspace root. Which app?",
    options: candidates.map((app) => ({ value: app.folder, label: app.folder, hint: frameworks[app.framework].label })),
  });
  if (clack.isCancel(picked)) throw new CancelledError("Nothing was changed.");
  return path.join(root, picked);
}

async function choosePatterns(flags: AddFlags, clack: Clack | undefined): Promise<PatternId[]> {
  if (flags.patterns.length > 0) return [...new Set(flags.patterns)] as PatternId[];
  if (flags.yes) return [...defaultPatterns];
  if (!clack) throw new UserError(`Name the patterns to add: create-inngest-app add <${patternIds.join("|")}...> (or --yes for ${defaultPatterns.join(", ")}).`, usageErrorExitCode);
  const { patterns } = await import("../catalogue/patterns.ts");
  const picked = await clack.multiselect({
    message: "Which patterns?",
    options: Object.values(patterns).map((p) => ({ value: p.id, label: p.label, hint: p.hint })),
    required: true,
  });
  if (clack.isCancel(picked)) throw new CancelledError("Nothing was changed.");
  return picked;
}

function describeFindings(project: ProjectFacts, setup: InngestSetup, serverFile: string | undefined): string[] {
  const framework = frameworks[project.framework];
  const layout = project.framework === "next" ? `, ${project.nextRouter === "pages" ? "Pages" : "App"} Router${project.nextBase ? " in src/" : ""}` : "";
  const lines = [
    `framework:        ${framework.label}${layout} (${project.frameworkEvidence})`,
    `package manager:  ${project.packageManager} (${project.packageManagerEvidence})`,
    `TypeScript:       ${project.tsconfig.file ?? "none"}${project.typescript && project.typescript !== "package.json" ? (project.typescript.endsWith("package.json") ? ` (typescript in ${project.typescript})` : ` (${project.typescript})`) : ""}${project.tsconfig.aliases.length ? `, aliases ${project.tsconfig.aliases.join(" ")}` : ""}`,
  ];
  if (project.tsconfig.unresolvedExtends) {
    const how = project.tsconfig.importExtensionEvidence ? `imports are written as the project writes them (${project.tsconfig.importExtensionEvidence})` : "imports are written without an extension";
    lines.push(pc.yellow(`tsconfig extends: ${project.tsconfig.unresolvedExtends.join(", ")}, not installed: ${how}`));
  }
  if (serverFile) lines.push(`app created in:   ${serverFile}`);
  if (project.reactRouter?.file) lines.push(`app directory:    ${project.reactRouter.appDirectory || "."} (${project.reactRouter.file})${project.reactRouter.ssr ? "" : ", ssr: false"}`);
  if (!setup.client && !setup.serve) lines.push("Inngest:          not set up yet (it will be)");
  if (setup.client) lines.push(`Inngest client:   ${setup.client.file}:${setup.client.line}${setup.client.appId ? ` (id "${setup.client.appId}")` : ""}`);
  if (setup.serve) {
    const list = setup.serve.functionsList;
    lines.push(`serve handler:    ${setup.serve.file}:${setup.serve.line} (${setup.serve.adapter})${list ? `, ${list.names.length} function(s) listed in ${list.file}:${list.line}` : ""}`);
  }
  if (project.codeStyle) {
    const { quote, semicolon, indent } = project.codeStyle.style;
    lines.push(`code style:       ${quote === "'" ? "single" : "double"} quotes, ${semicolon ? "semicolons" : "no semicolons"}, ${indent === "\t" ? "tabs" : `${indent.length} spaces`} (${project.codeStyle.evidence})`);
  }
  if (project.saveExact) lines.push(`versions:         exact (${project.saveExact})`);
  if (setup.eventsModule) lines.push(`events:           ${setup.eventsModule.file} (${Object.keys(setup.eventsModule.events).length} eventType definitions)`);
  if (Object.keys(setup.functionIds).length > 0) lines.push(`functions:        ${Object.keys(setup.functionIds).join(", ")}`);
  for (const { file, reason } of setup.unparsable) lines.push(pc.yellow(`not parsed:       ${file} (${reason})`));
  return lines;
}

/** Unified diffs of every file that changes or is in conflict. */
function diffs(plan: Plan): string[] {
  return plan.files
    .filter((f) => f.previous !== undefined && (f.action === "update" || f.action === "conflict"))
    .flatMap((f) => [...fileDiff(f.path, f.previous, f.content), ""]);
}

/**
 * Whether git can find a repository for `root`: it looks for `.git` from the real directory up,
 * unless GIT_DIR names one. Without either, `git status` could only fail: loading execa
 * and starting git for nothing costs milliseconds.
 */
function mayBeInGitRepository(root: string): boolean {
  if (process.env.GIT_DIR) return true;
  for (let dir = realpathSync(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, ".git"))) return true;
    if (path.dirname(dir) === dir) return false;
  }
}

function gitStatus(root: string): string | undefined {
  if (!mayBeInGitRepository(root)) return undefined;
  return outputOf("git", ["status", "--porcelain"], root)?.trim();
}

/** Uncommitted changes mix with ours: say so; without a terminal, go on only with --yes. */
function warnAboutUncommittedChanges(root: string, flags: AddFlags, report: Reporter): boolean {
  const dirty = gitStatus(root);
  if (!dirty || flags.dryRun) return false;
  const count = dirty.split("\n").length;
  report.warn(`The git working tree has ${count} uncommitted change${count > 1 ? "s" : ""}; commit or stash them so you can review and revert what add does.`);
  if (!flags.yes && !isTerminal(0)) {
    throw new UserError("Not changing a project with uncommitted changes without a terminal to confirm: commit or stash first, or pass --yes. Nothing was changed.");
  }
  return true;
}

function nextSteps(project: ProjectFacts, plan: AddPlan, installPending: boolean): string[] {
  const pm = project.packageManager;
  const steps: string[] = [];
  if (installPending) steps.push(`${pm} install`);
  // Where a variable must go for the dev server to see it: a .env file only where one reaches process.env.
  const reach = plan.envFilesReachServer;
  const where =
    reach === "yes"
      ? "in .env.local"
      : reach === "unknown"
        ? "in the dev server's environment (a .env file only if your dev script loads it, e.g. node --env-file=.env)"
        : `in the shell that runs the dev server (Vite keeps .env values out of process.env, and add did not change vite.config: ${reach.no})`;
  for (const v of plan.env) if (!v.key.startsWith("INNGEST_")) steps.push(`set ${v.key} ${where} (${v.comment})`);
  steps.push(`npx vitest run ${pc.dim("# the new functions' tests")}`);
  if (plan.setsUpInngest) steps.push(`set INNGEST_DEV=1 ${where}, so the app talks to the dev server`);
  steps.push(`${runScript(pm, "dev")} ${pc.dim("# then, in a second terminal:")}`);
  steps.push(`npx --yes inngest-cli@latest dev -u http://localhost:${devServerPort(project)}${plan.servePath}`);
  return steps;
}

function printJson(flags: AddFlags, project: ProjectFacts, plan: AddPlan, outcome: string, install: string = "skipped", error?: string): void {
  if (!flags.json) return;
  const summary = {
    directory: project.root,
    framework: project.framework,
    packageManager: project.packageManager,
    outcome,
    ...(error ? { error, exitCode: 1 } : {}),
    added: plan.added,
    alreadyPresent: plan.alreadyPresent,
    notices: plan.notices,
    setsUpInngest: plan.setsUpInngest,
    functionsAdded: functionCount(plan.added),
    files: plan.files.map((f) => ({ path: f.path, action: f.action, ...(f.reason ? { reason: f.reason } : {}) })),
    dependencies: plan.dependencies,
    devDependencies: plan.devDependencies,
    env: plan.env.map((v) => v.key),
    envFilesReachServer: plan.envFilesReachServer,
    install,
  };
  stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
}

// check loads this module only for its serve-handler fix: add's engine stays out of check's bundle.
export { serveHandlerFix } from "../plan/serve-handler-fix.ts";
