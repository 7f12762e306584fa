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
  if (!existsSync(root)) {
    assertParentsAreFolders(root);
    return [];
  }
  if (!statSync(root).isDirectory()) throw new UserError(`${root} exists and is not a directory. Choose another name.`);
  try {
    return readdirSync(root).filter((entry) => !harmlessEntries.has(entry)).sort();
  } catch (error) {
    throw new UserError(`Cannot read ${root} to see whether it is empty: ${(error as NodeJS.ErrnoException).code ?? String(error)}. Nothing was written.`);
  }
}

/** The nearest existing ancestor must be a folder; a file there would make the write fail late and obscurely. */
function assertParentsAreFolders(root: string): void {
  let ancestor = path.dirname(root);
  while (!existsSync(ancestor) && path.dirname(ancestor) !== ancestor) ancestor = path.dirname(ancestor);
  if (existsSync(ancestor) && !statSync(ancestor).isDirectory()) {
    throw new UserError(`${ancestor} is a file, not a folder, so ${root} cannot be made inside it. Choose another directory.`);
  }
}

/** A new project goes into a missing or empty directory; anything else is refused, listing what is there. */
export function assertEmptyTarget(root: string, shownAs: string): void {
  const blocking = blockingEntries(root);
  if (blocking.length === 0) return;
  const listed = blocking.slice(0, 10).map((entry) => `  ${entry}`);
  if (blocking.length > 10) listed.push(`  … and ${blocking.length - 10} more`);
  throw new UserError(
    `${shownAs === "." ? "The current directory" : `Directory ${shownAs}`} is not empty:\n${listed.join("\n")}\n` +
      "Choose an empty or new directory, or pass --overwrite to write the generated files over it (other files are left alone).",
  );
}

export function fileExistsIn(root: string) {
  // A new project's folder usually does not exist yet: one check instead of one per file.
  if (!existsSync(root)) return () => false;
  return (relative: string) => existsSync(path.join(root, relative));
}
