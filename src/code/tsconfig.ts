import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";

/** What a project's tsconfig says about how imports are written and resolved. */
export interface TsConfigFacts {
  /** The tsconfig that was read (relative to the project), if any. */
  file?: string;
  /** `paths` patterns with their targets, absolute. */
  paths: { pattern: string; targets: string[] }[];
  /** How relative imports end: `.ts` (allowImportingTsExtensions), `.js` (Node16/NodeNext) or nothing (bundler). */
  importExtension: ".ts" | ".js" | "";
}

/** Strips comments and trailing commas from JSONC without touching strings. */
export function parseJsonc(text: string): unknown {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      const start = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === "\\") i++;
      out += text.slice(start, i + 1);
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") i++;
      out += "\n";
    } else if (c === "/" && text[i + 1] === "*") {
      i = text.indexOf("*/", i + 2);
      if (i < 0) break;
      i++;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, "$1"));
}

interface RawCompilerOptions {
  baseUrl?: string;
  paths?: Record<string, string[]>;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  module?: string;
  moduleResolution?: string;
}

/** Reads compilerOptions through `extends` chains (files and packages); later files win. */
function readCompilerOptions(file: string, seen = new Set<string>()): { options: RawCompilerOptions; baseDir: Record<string, string> } {
  if (seen.has(file) || !existsSync(file)) return { options: {}, baseDir: {} };
  seen.add(file);
  const config = parseJsonc(readFileSync(file, "utf8")) as { extends?: string | string[]; compilerOptions?: RawCompilerOptions };
  const merged: RawCompilerOptions = {};
  // Which directory `paths` and `baseUrl` are relative to: the file that set them.
  const baseDir: Record<string, string> = {};
  for (const parent of [config.extends ?? []].flat()) {
    const parentFile = resolveExtends(parent, path.dirname(file));
    if (!parentFile) continue;
    const inherited = readCompilerOptions(parentFile, seen);
    Object.assign(merged, inherited.options);
    Object.assign(baseDir, inherited.baseDir);
  }
  const own = config.compilerOptions ?? {};
  Object.assign(merged, own);
  if (own.paths) baseDir.paths = path.dirname(file);
  if (own.baseUrl) baseDir.baseUrl = path.dirname(file);
  return { options: merged, baseDir };
}

function resolveExtends(specifier: string, fromDir: string): string | undefined {
  if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
    const file = path.resolve(fromDir, specifier);
    return existsSync(file) ? file : existsSync(`${file}.json`) ? `${file}.json` : undefined;
  }
  // Generated configs (SvelteKit's `$app/tsconfig`, `./.svelte-kit/tsconfig.json`) may not exist before a build.
  try {
    return createRequire(path.join(fromDir, "noop.js")).resolve(specifier);
  } catch {
    return undefined;
  }
}

export function readTsConfig(root: string): TsConfigFacts {
  const name = ["tsconfig.json", "jsconfig.json"].find((candidate) => existsSync(path.join(root, candidate)));
  if (!name) return { paths: [], importExtension: "" };
  const { options, baseDir } = readCompilerOptions(path.join(root, name));
  const pathsBase = options.baseUrl ? path.resolve(baseDir.baseUrl ?? root, options.baseUrl) : (baseDir.paths ?? root);
  const paths = Object.entries(options.paths ?? {}).map(([pattern, targets]) => ({
    pattern,
    targets: targets.map((target) => path.resolve(pathsBase, target)),
  }));
  const resolution = (options.moduleResolution ?? options.module ?? "").toLowerCase();
  const importExtension =
    options.allowImportingTsExtensions || options.rewriteRelativeImportExtensions ? ".ts" : resolution.startsWith("node16") || resolution.startsWith("nodenext") ? ".js" : "";
  return { file: name, paths, importExtension };
}
