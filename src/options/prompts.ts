import path from "node:path";
import * as p from "@clack/prompts";
import { frameworkIds, frameworks, type FrameworkId } from "../catalogue/frameworks.ts";
import { defaultPatterns, patternIds, patterns, type PatternId } from "../catalogue/patterns.ts";
import { defaultTargetReasons, defaultTargets, frameworkOn, targetIds, targets, type TargetId } from "../catalogue/targets.ts";
import pc from "picocolors";
import { CancelledError, isUserError } from "../errors.ts";
import { satisfiesMinimum } from "../install/node-version.ts";
import { blockingEntries } from "../write/inspect-target.ts";
import { defaultDirectory, directoryProblem, type PartialCreateOptions } from "./create-options.ts";

function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value)) cancelled();
  return value as Exclude<T, symbol>;
}

function cancelled(): never {
  p.cancel("Cancelled: nothing was created.");
  throw new CancelledError("Cancelled: nothing was created.", true);
}

/** Asks only what the flags left open, in the order a person decides it. */
export async function promptForMissing(options: PartialCreateOptions): Promise<PartialCreateOptions> {
  const filled = { ...options };
  // The folder is checked as soon as it is named, so no answer is lost to a refusal at the end.
  for (;;) {
    if (filled.directory === undefined) {
      filled.directory = answered(
        await p.text({
          message: "Where should the project go?",
          placeholder: defaultDirectory,
          defaultValue: defaultDirectory,
          validate: (value) => directoryProblem(value || defaultDirectory) ?? folderProblem(value || defaultDirectory),
        }),
      );
    }
    if (filled.overwrite) break;
    const blocking = blockingEntries(path.resolve(filled.directory));
    if (blocking.length === 0) break;
    const choice = await askAboutNonEmptyFolder(filled.directory, blocking);
    if (choice === "overwrite") filled.overwrite = true;
    else filled.directory = undefined;
  }
  if (filled.framework === undefined) {
    filled.framework = answered<FrameworkId>(
      await p.select({
        message: "Which framework?",
        options: frameworkIds.map((id) => {
          // A target given as a flag that does not fit the framework: shown, with the reason, not hidden.
          const refused = filled.target && !targets[filled.target].supports.includes(id) ? targets[filled.target].refusals[id] : undefined;
          return refused
            ? { value: id, label: frameworks[id].label, hint: `not on ${targets[filled.target!].label}: ${refused}`, disabled: true }
            : { value: id, label: frameworks[id].label, hint: `${frameworks[id].hint} · ${nodeNeed(frameworks[id].minNode)}` };
        }),
        initialValue: frameworkIds.find((id) => !filled.target || targets[filled.target].supports.includes(id)),
      }),
    );
  }
  if (filled.target === undefined) {
    const framework = filled.framework;
    const label = frameworks[framework].label;
    const hint = (id: TargetId) => {
      const deployed = frameworkOn(framework, id);
      const notes = [targets[id].hint];
      // Where the target's adapter lags behind, it generates the previous major, with its own Node need.
      if (deployed.olderMajor) notes.push(`generates ${deployed.olderMajor.major}`);
      if (deployed.minNode !== frameworks[framework].minNode) notes.push(nodeNeed(deployed.minNode));
      return notes.join(" · ");
    };
    const defaultTarget = defaultTargets[framework];
    filled.target = answered<TargetId>(
      await p.select({
        message: `Where will you deploy it?\n${pc.dim(`${targets[defaultTarget].label} is the default for ${label}: ${defaultTargetReasons[framework]}.`)}`,
        options: targetIds.map((id) =>
          targets[id].supports.includes(framework)
            ? { value: id, label: targets[id].label, hint: hint(id) }
            : { value: id, label: targets[id].label, hint: `not for ${label}: ${targets[id].refusals[framework] ?? "not supported"}`, disabled: true },
        ),
        initialValue: defaultTarget,
      }),
    );
  }
  if (filled.patterns === undefined) {
    filled.patterns = answered<PatternId[]>(
      await p.multiselect({
        message: "Which patterns should it start with?",
        options: patternIds.map((id) => ({ value: id, label: patterns[id].label, hint: patterns[id].hint })),
        initialValues: [...defaultPatterns],
        required: true,
      }),
    );
  }
  // On a Node too old for the framework an install cannot work: not asked; the command says so before writing.
  const nodeOk = satisfiesMinimum(process.versions.node, frameworkOn(filled.framework, filled.target).minNode);
  if (filled.install === undefined && nodeOk) {
    filled.install = answered(await p.confirm({ message: "Install dependencies?", initialValue: true }));
  }
  if (filled.git === undefined) {
    filled.git = answered(await p.confirm({ message: "Initialise a git repository?", initialValue: true }));
  }
  // create-vite's last question: install, then run the dev server here.
  if (filled.immediate === undefined && filled.install !== false && nodeOk && !filled.dryRun) {
    filled.immediate = answered(await p.confirm({ message: "Start the dev server here once it is installed?", initialValue: false }));
  }
  return filled;
}

/** "Node 22.17+", and, on an older Node, which one this is: said before anything is chosen. */
function nodeNeed(minNode: string): string {
  const shown = `Node ${minNode.replace(/\.0$/, "")}+`;
  return satisfiesMinimum(process.versions.node, minNode) ? shown : `${shown}, you have ${process.versions.node}`;
}

/** Why a typed folder cannot hold a project at all (a file of that name, an unreadable folder). */
function folderProblem(directory: string): string | undefined {
  try {
    blockingEntries(path.resolve(directory));
    return undefined;
  } catch (error) {
    if (isUserError(error)) return error.message;
    throw error;
  }
}

/** A folder with files in it: write over it (saying what that keeps), pick another name, or stop. */
async function askAboutNonEmptyFolder(directory: string, blocking: string[]): Promise<"overwrite" | "rename"> {
  const shown = directory === "." ? "The current directory" : `${directory}`;
  const listed = blocking.slice(0, 3).join(", ") + (blocking.length > 3 ? ` and ${blocking.length - 3} more` : "");
  const choice = answered(
    await p.select({
      message: `${shown} is not empty: ${listed}. What now?`,
      options: [
        { value: "rename" as const, label: "Pick another folder" },
        { value: "overwrite" as const, label: "Write the project into it", hint: "files of the same name are replaced, the others are kept" },
        { value: "cancel" as const, label: "Cancel" },
      ],
      initialValue: "rename" as const,
    }),
  );
  return choice === "cancel" ? cancelled() : choice;
}
