/** What fits on screen: every line the CLI prints stays within the terminal's width. */

import { isTerminal } from "./terminal.ts";

/**
 * The terminal's columns on standard output (1) or error (2), or 80 when unknown (a pipe, a
 * file, CI). Only a terminal is asked: the stream objects cost milliseconds to load.
 */
export function terminalWidth(fd: 1 | 2 = 1): number {
  const columns = isTerminal(fd) ? (fd === 1 ? process.stdout : process.stderr).columns : undefined;
  return columns && columns > 0 ? columns : 80;
}

// Colour codes take no room on screen.
const ansi = /\u001b\[[0-9;]*m/g;

/** Columns a string takes on screen (colour codes left out). */
export function visibleWidth(text: string): number {
  return text.replace(ansi, "").length;
}

/**
 * Greedy word wrap at `width` columns, line by line. A wrapped line's continuations keep its
 * indentation plus `hang` spaces; a word longer than the width stays whole on its own line
 * (a URL or a path is worth more whole than cut).
 */
export function wrapText(text: string, width: number, hang = 0): string {
  return text
    .split("\n")
    .map((line) => {
      const indent = /^ */.exec(line)![0];
      const next = " ".repeat(indent.length + hang);
      const out: string[] = [];
      let current = indent;
      let empty = true;
      for (const word of line.slice(indent.length).split(" ")) {
        if (!empty && visibleWidth(current) + 1 + visibleWidth(word) > width) {
          out.push(current);
          current = next + word;
        } else current = empty ? current + word : `${current} ${word}`;
        empty = false;
      }
      return [...out, current].join("\n");
    })
    .join("\n");
}

/** A comment for a pasted block: wrapped, and every line of it starts with `# `, so no part of it runs. */
export function shellComment(text: string, width: number): string[] {
  return wrapText(text, Math.max(width - 2, 20)).split("\n").map((line) => `# ${line}`);
}

/**
 * A command that fits `width` columns when pasted: broken between its words, each broken line
 * ending in ` \` (the shell joins them back), the continuations indented. Words in single quotes
 * stay whole, and so does a flag with its value (`--target fly-io`).
 */
export function wrapCommand(command: string, width: number, indent = "  "): string[] {
  const words: string[] = [];
  for (const word of command.match(/(?:'[^']*'|\\'|[^\s'])+/g) ?? []) {
    const last = words.at(-1);
    if (last && /^-[^\s]*$/.test(last) && !word.startsWith("-")) words[words.length - 1] = `${last} ${word}`;
    else words.push(word);
  }
  const lines: string[] = [];
  let current = "";
  for (const word of words) {
    const prefix = lines.length > 0 ? indent : "";
    // Room for the ` \` that ends a broken line.
    if (current && visibleWidth(prefix + current) + 1 + visibleWidth(word) + 2 > width) {
      lines.push(`${prefix}${current} \\`);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current || lines.length === 0) lines.push(`${lines.length > 0 ? indent : ""}${current}`);
  return lines;
}
