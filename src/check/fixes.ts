import type * as t from "@babel/types";
import { lineAndColumn } from "../code/parse.ts";
import { applyEdits, type TextEdit } from "../code/text-edits.ts";
import type { Plan, PlannedFile } from "../plan/plan.ts";
import { parseSource } from "./parse.ts";

/**
 * A fix of a finding, as data: text edits located by the syntax tree, so untouched code stays
 * byte-identical. `safe` fixes keep behaviour and `check --fix` applies them; a `suggestion`
 * chooses a value for the user (a timeout, a limit, a renamed step id) and is applied only when its
 * rule is named (`--fix-suggestions <rule>`).
 */
export interface Fix {
  kind: "safe" | "suggestion";
  /** What the fix does, in one sentence. */
  description: string;
  /** For suggestions: what changes for the running app. */
  risk?: string;
  changes: FileChange[];
}

export interface FileChange {
  /** Relative to the checked folder, forward slashes. */
  file: string;
  /** Edits of the file's current text (for a new file: one insert at 0, and `created`). */
  edits: FixEdit[];
  created?: boolean;
}

/** A text edit with its place as lines and columns (1-based, UTF-16 columns): SARIF's deletedRegion. */
export interface FixEdit extends TextEdit {
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
}

export function fixEdit(text: string, at: number, remove: number, insert: string): FixEdit {
  const start = lineAndColumn(text, at);
  const end = lineAndColumn(text, at + remove);
  return { at, remove, insert, region: { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column } };
}

/** Edits of one file's text, from plain TextEdits (those of code-edits.ts). */
export const fileChange = (file: string, text: string, edits: readonly TextEdit[]): FileChange => ({
  file,
  edits: edits.map((e) => fixEdit(text, e.at, e.remove ?? 0, e.insert)),
});

/** The line a node starts on begins with this indentation. */
export function indentAt(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/**
 * Adds `code` (`name: value`) as the first property of an object literal, the way the object is
 * written: on its own line in a multi-line object, inline in a one-line one. Each property added
 * this way is self-contained, so several fixes may add to one object.
 */
export function addFirstProperty(text: string, object: t.ObjectExpression, code: string): TextEdit[] {
  const open = object.start!;
  const first = object.properties[0];
  if (!first) return [{ at: open, remove: object.end! - open, insert: `{ ${code} }` }];
  const between = text.slice(open + 1, first.start!);
  if (between.includes("\n")) {
    const lineStart = text.lastIndexOf("\n", first.start! - 1) + 1;
    // Only when the property starts its line (after its indentation): then the new line goes above it.
    if (/^[ \t]*$/.test(text.slice(lineStart, first.start!))) return [{ at: lineStart, insert: `${indentAt(text, first.start!)}${code},\n` }];
  }
  return [{ at: open + 1, insert: between.startsWith(" ") ? ` ${code},` : `${code}, ` }];
}

/** The quote a file's string literal uses, for a replacement in the same quotes. */
export const quoteOf = (text: string, node: t.Node): '"' | "'" | "`" => {
  const q = text[node.start!];
  return q === "'" || q === "`" ? q : '"';
};

/** A string literal in `quote`, escaped. */
export function stringLiteral(value: string, quote: '"' | "'" | "`"): string {
  const escaped = value.replace(/\\/g, "\\\\").replace(new RegExp(quote === "`" ? "`|\\$\\{" : quote, "g"), (m) => `\\${m}`);
  return `${quote}${escaped}${quote}`;
}

export interface FixTarget {
  ruleId: string;
  file: string;
  line: number;
  column: number;
  fix?: Fix;
}

export interface FixPlan {
  plan: Plan;
  /** Fixes the plan applies, each with the findings it resolves. */
  applied: { fix: Fix; findings: FixTarget[] }[];
  /** Suggestions not asked for: shown, not applied. */
  offered: { fix: Fix; findings: FixTarget[] }[];
  /** Fixes left for another run: their edits overlap an earlier fix's, or the file changed. */
  deferred: { fix: Fix; findings: FixTarget[]; reason: string }[];
}

export interface FixOptions {
  /** Rule ids whose suggestions are applied. */
  suggestions: ReadonlySet<string>;
}

/**
 * Turns findings with fixes into one plan of file updates for the writer (all or nothing; a file
 * changed since it was read is refused there). Pure: files are read through `read`. Several
 * findings may share one fix (one edit registering several functions): it is applied once.
 */
export function planFixes(root: string, findings: readonly FixTarget[], options: FixOptions, read: (file: string) => string | undefined): FixPlan {
  const byFix = new Map<Fix, FixTarget[]>();
  for (const f of findings) if (f.fix) byFix.set(f.fix, [...(byFix.get(f.fix) ?? []), f]);
  const applied: FixPlan["applied"] = [];
  const offered: FixPlan["offered"] = [];
  const deferred: FixPlan["deferred"] = [];
  const accepted = new Map<string, FixEdit[]>();
  const created = new Set<string>();

  for (const [fix, targets] of byFix) {
    if (fix.kind === "suggestion" && !targets.some((f) => options.suggestions.has(f.ruleId))) {
      offered.push({ fix, findings: targets });
      continue;
    }
    const clash = fix.changes.find((change) => (change.created ? created.has(change.file) || read(change.file) !== undefined : change.edits.some((e) => (accepted.get(change.file) ?? []).some((a) => overlap(a, e)))));
    if (clash) {
      deferred.push({ fix, findings: targets, reason: `it changes the same code of ${clash.file} as another fix: run check --fix again` });
      continue;
    }
    for (const change of fix.changes) {
      if (change.created) created.add(change.file);
      accepted.set(change.file, [...(accepted.get(change.file) ?? []), ...change.edits]);
    }
    applied.push({ fix, findings: targets });
  }

  const files: PlannedFile[] = [];
  for (const [file, edits] of accepted) {
    const isNew = created.has(file);
    const previous = isNew ? "" : read(file);
    if (previous === undefined) throw new Error(`${file} disappeared while check was planning its fixes.`);
    const content = applyEdits(previous, edits);
    // Never write code that no longer parses: that would be our bug, not the user's.
    if (!parsesCleanly(file, content) && (isNew || parsesCleanly(file, previous))) throw new Error(`The fixes of ${file} would leave it unparseable; nothing was changed.`);
    files.push(isNew ? { path: file, content, action: "create" } : { path: file, content, action: "update", previous });
  }
  files.sort((a, b) => (a.path < b.path ? -1 : 1));
  return { plan: { root, files, dependencies: {}, devDependencies: {}, env: [] }, applied, offered, deferred };
}

function parsesCleanly(file: string, text: string): boolean {
  const parsed = parseSource(file, text);
  return parsed.ok && !parsed.recovered;
}

/** Two edits touch the same text: their removed ranges cross, or one inserts inside what the other removes. */
function overlap(a: TextEdit, b: TextEdit): boolean {
  const aEnd = a.at + (a.remove ?? 0);
  const bEnd = b.at + (b.remove ?? 0);
  if ((a.remove ?? 0) === 0 && (b.remove ?? 0) === 0) return false;
  return a.at < bEnd && b.at < aEnd ? true : (a.remove ?? 0) > 0 ? a.at < b.at && b.at < aEnd : b.at < a.at && a.at < bEnd;
}
