import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** Folders that hold dependencies, build output or generated code, never the user's source. */
export const ignoredFolders = new Set([
  "node_modules", ".git", ".next", ".svelte-kit", ".react-router", ".netlify", ".vercel", ".wrangler", ".turbo",
  "dist", "build", "out", "coverage", ".cache",
]);

const sourceFile = /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/;

/** Project-relative paths of the TypeScript/JavaScript source files below `root` (no declaration files, no symlinks followed). */
export function listSourceFiles(root: string, maxBytes = 1_000_000): string[] {
  const found: string[] = [];
  const visit = (dir: string) => {
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.isDirectory()) {
        if (!ignoredFolders.has(entry.name)) visit(path.join(dir, entry.name));
      } else if (entry.isFile() && sourceFile.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) {
        const full = path.join(dir, entry.name);
        if (statSync(full).size <= maxBytes) found.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  visit(root);
  return found.sort();
}
