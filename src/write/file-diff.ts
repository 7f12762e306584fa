import { createTwoFilesPatch } from "diff";
import pc from "picocolors";
// Apart from describe-plan.ts: create never shows a diff, so it never loads `diff`.

/** A coloured unified diff of one file, without the header line; `before` undefined: a new file. */
export function fileDiff(file: string, before: string | undefined, after: string): string[] {
  return createTwoFilesPatch(before === undefined ? "/dev/null" : `a/${file}`, `b/${file}`, before ?? "", after, "", "", { context: 2 })
    .split("\n")
    .slice(1)
    .filter((line, i, all) => i < all.length - 1 || line !== "")
    .map((line) => (line.startsWith("+") ? pc.green(line) : line.startsWith("-") ? pc.red(line) : line.startsWith("@@") ? pc.cyan(line) : line));
}
