import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.ts";

/** Entries that may sit in a directory we scaffold into, as other create tools allow. */
const harmlessEntries = new Set([".git", ".DS_Store", "Thumbs.db", ".idea", ".vscode", "LICENSE", ".gitattributes"]);

/**
 * The entries of `root` that make it "not empty" for a new project.
 * Throws when `root` exists but is not a directory.
 */
export function blockingEntries(root: string): string[] {
  if (!existsSync(root)) return [];
  if (!statSync(root).isDirectory()) throw new UserError(`${root} exists and is not a directory. Choose another name.`);
  return readdirSync(root).filter((entry) => !harmlessEntries.has(entry)).sort();
}

export function fileExistsIn(root: string) {
  return (relative: string) => existsSync(path.join(root, relative));
}
