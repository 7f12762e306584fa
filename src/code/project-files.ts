import { readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import path from "node:path";

/** Folders never checked: dependencies, build output, caches and version control. */
export const skippedDirs = new Set(["node_modules", ".next", "dist", "build", ".svelte-kit", ".react-router", "coverage", ".git", ".turbo", ".vercel", ".netlify", ".wrangler", "out"]);

const sourceExtension = /\.(?:[mc]?[jt]s|[jt]sx)$/;
const declarationFile = /\.d\.[mc]?ts$/;
/** Tests create throwaway functions (no serve, no limits) on purpose: they are not the app. */
const testFile = /\.(?:test|spec)\.[^.]+$/;

/** Larger source files are generated or bundled code, not something a person wrote. */
export const maxFileBytes = 1_000_000;

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface SourceFile {
  /** Absolute path. */
  path: string;
  /** Path relative to the checked folder, with forward slashes. */
  rel: string;
}

export interface ProjectListing {
  files: SourceFile[];
  skipped: SkippedFile[];
}

export const isSourceFile = (name: string) => sourceExtension.test(name) && !declarationFile.test(name) && !testFile.test(name);

/** The source files below `root`, following symbolic links once (a link loop is visited once). */
export function listSourceFiles(root: string): ProjectListing {
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  const rel = (p: string) => path.relative(root, p).split(path.sep).join("/");

  const walk = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ file: rel(dir) || ".", reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    // Sorted: the same report on every machine.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = statSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ELOOP") skipped.push({ file: rel(full), reason: "symbolic link loop: not followed" });
          else if (isSourceFile(entry.name)) skipped.push({ file: rel(full), reason: "symbolic link to a missing file: skipped" });
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
        const linked = isDir ? realpathSync(full) : undefined;
        if (linked && seenDirs.has(linked)) {
          // `real` is this folder's own real path: a link to it or above it is a loop.
          const inside = real === linked || real.startsWith(linked + path.sep);
          skipped.push({ file: rel(full), reason: inside ? "symbolic link to a folder that contains it (a loop): not followed" : "symbolic link to a folder already checked: not followed again" });
          continue;
        }
      }
      if (isDir) {
        if (!skippedDirs.has(entry.name) && entry.name !== "__tests__") walk(full);
      } else if (isFile && isSourceFile(entry.name)) {
        files.push({ path: full, rel: rel(full) });
      }
    }
  };
  walk(root);
  return { files, skipped };
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

/** Reads a source file, refusing huge and binary ones. */
export function readSourceFile(file: string): ReadResult {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  if (size > maxFileBytes) return { ok: false, reason: `larger than ${maxFileBytes / 1_000_000} MB (${Math.round(size / 1000)} kB): skipped` };
  let buffer: Buffer;
  try {
    buffer = readFileSync(file);
  } catch (error) {
    return { ok: false, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` };
  }
  // A NUL byte never appears in source text: the file is binary whatever its name says.
  if (buffer.includes(0)) return { ok: false, reason: "binary file: skipped" };
  return { ok: true, text: buffer.toString("utf8") };
}

/** Reads a small JSON(C) file if present; undefined when absent or unreadable. */

