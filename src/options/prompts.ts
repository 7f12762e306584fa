import * as p from "@clack/prompts";
import { frameworkIds, frameworks, type FrameworkId } from "../catalogue/frameworks.ts";
import { defaultPatterns, patternIds, patterns, type PatternId } from "../catalogue/patterns.ts";
import { defaultTargets, frameworkOn, targets, targetsFor, type TargetId } from "../catalogue/targets.ts";
import { CancelledError } from "../errors.ts";
import { defaultDirectory, directoryProblem, type PartialCreateOptions } from "./create-options.ts";

function answered<T>(value: T | symbol): Exclude<T, symbol> {
  if (p.isCancel(value)) {
    p.cancel("Cancelled: nothing was created.");
    throw new CancelledError("Cancelled: nothing was created.", true);
  }
  return value as Exclude<T, symbol>;
}

/** Asks only what the flags left open, in the order a person decides it. */
export async function promptForMissing(options: PartialCreateOptions): Promise<PartialCreateOptions> {
  const filled = { ...options };
  if (filled.directory === undefined) {
    filled.directory = answered(
      await p.text({
        message: "Where should the project go?",
        placeholder: defaultDirectory,
        defaultValue: defaultDirectory,
        validate: (value) => directoryProblem(value || defaultDirectory),
      }),
    );
  }
  if (filled.framework === undefined) {
    const fitting = frameworkIds.filter((id) => !filled.target || targets[filled.target].supports.includes(id));
    filled.framework = answered<FrameworkId>(
      await p.select({
        message: "Which framework?",
        options: fitting.map((id) => ({ value: id, label: frameworks[id].label, hint: frameworks[id].hint })),
        initialValue: fitting[0],
      }),
    );
  }
  if (filled.target === undefined) {
    const framework = filled.framework;
    const fitting = targetsFor(framework);
    // Where the target's adapter lags behind, the hint says which major it generates.
    const hint = (id: TargetId) => {
      const older = frameworkOn(framework, id).olderMajor;
      return older ? `${targets[id].hint} · generates ${older.major}` : targets[id].hint;
    };
    filled.target = answered<TargetId>(
      await p.select({
        message: "Where will you deploy it?",
        options: fitting.map((t) => ({ value: t.id, label: t.label, hint: hint(t.id) })),
        initialValue: defaultTargets[framework],
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
  if (filled.install === undefined) {
    filled.install = answered(await p.confirm({ message: "Install dependencies?", initialValue: true }));
  }
  if (filled.git === undefined) {
    filled.git = answered(await p.confirm({ message: "Initialise a git repository?", initialValue: true }));
  }
  return filled;
}
