import type * as t from "@babel/types";
import { rules } from "./rules.ts";

/**
 * `// inngest-check-ignore-next-line rule-a, rule-b -- why` silences those rules on the next
 * line; without rule ids it silences every rule there (as eslint-disable-next-line does).
 */
export const ignoreDirective = "inngest-check-ignore-next-line";

export interface Suppressions {
  /** Line → rule ids silenced there ("*" for all). */
  byLine: Map<number, Set<string>>;
  /** Rule ids named in a directive that no rule has, with the comment's position. */
  unknown: { ruleId: string; line: number; column: number }[];
}

export function readSuppressions(comments: readonly t.Comment[]): Suppressions {
  const byLine = new Map<number, Set<string>>();
  const unknown: Suppressions["unknown"] = [];
  for (const comment of comments) {
    const text = comment.value.trim().replace(/^\*+\s*/, "");
    if (!text.startsWith(ignoreDirective)) continue;
    const rest = text.slice(ignoreDirective.length);
    if (rest && !/^\s/.test(rest)) continue; // a longer word, not our directive
    const ids = rest.split(" -- ")[0]!.split(/[\s,]+/).filter(Boolean);
    const line = comment.loc!.end.line + 1;
    const set = byLine.get(line) ?? new Set<string>();
    if (ids.length === 0) set.add("*");
    for (const id of ids) {
      if (rules.has(id)) set.add(id);
      else unknown.push({ ruleId: id, line: comment.loc!.start.line, column: comment.loc!.start.column + 1 });
    }
    byLine.set(line, set);
  }
  return { byLine, unknown };
}

export const isSuppressed = (s: Suppressions, ruleId: string, line: number) => {
  const set = s.byLine.get(line);
  return set !== undefined && (set.has("*") || set.has(ruleId));
};
