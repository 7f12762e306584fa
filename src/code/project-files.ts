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

/** A test file: `migrate` changes them too (they create functions and send events as the app does). */
const isTestSource = (name: string) => sourceExtension.test(name) && testFile.test(name);
export const isSourceFile = (name: string) => sourceExtension.test(name) && !declarationFile.test(name) && !testFile.test(name);

/** The source files below `root`, following symbolic links once (a link loop is visited once). */
export function listSourceFiles(root: string, options: { tests?: boolean } = {}): ProjectListing {
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  const seenDirs = new Set<string>();
  // `relDir` is the folder relative to the root ("" for the root), and `real` its real path: both
  // known from the parent's, so only the root and links need a lookup.
  const walk = (dir: string, relDir: string, real: string) => {
    const rel = (name: string) => (relDir ? `${relDir}/${name}` : name);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      skipped.push({ file: relDir || ".", reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? "error"})` });
      return;
    }
    // Sorted: the same report on every machine.
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let realDir = isDir ? path.join(real, entry.name) : undefined;
      if (entry.isSymbolicLink()) {
        let target;
        try {
          target = statSync(full);
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code;
          if (code === "ELOOP") skipped.push({ file: rel(entry.name), reason: "symbolic link loop: not followed" });
          else if (isSourceFile(entry.name)) skipped.push({ file: rel(entry.name), reason: "symbolic link to a missing file: skipped" });
          continue;
        }
        isDir = target.isDirectory();
        isFile = target.isFile();
        realDir = isDir ? realpathSync(full) : undefined;
        if (realDir && seenDirs.has(realDir)) {
          // A link to this folder or above it is a loop.
          const inside = real === realDir || real.startsWith(realDir + path.sep);
          skipped.push({ file: rel(entry.name), reason: inside ? "symbolic link to a folder that contains it (a loop): not followed" : "symbolic link to a folder already checked: not followed again" });
          continue;
        }
      }
      if (realDir) {
        if (!skippedDirs.has(entry.name) && (options.tests || entry.name !== "__tests__")) walk(full, rel(entry.name), realDir);
      } else if (isFile && (isSourceFile(entry.name) || (options.tests && isTestSource(entry.name)))) {
        files.push({ path: full, rel: rel(entry.name) });
      }
    }
  };
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return { files, skipped };
  }
  walk(root, "", realRoot);
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

