import { existsSync, statSync } from "node:fs";
import path from "node:path";
import type { TsConfigFacts } from "./tsconfig.ts";

const sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * The source file an import specifier points at: relative paths, tsconfig `paths` aliases and
 * package.json `imports` (`#lib/*`). Bare package names resolve to undefined.
 */
export function resolveImport(
  specifier: string,
  fromFile: string,
  tsconfig: Pick<TsConfigFacts, "paths">,
  packageImports: Record<string, string> = {},
  root = path.dirname(fromFile),
): string | undefined {
  if (specifier.startsWith(".")) return resolveFile(path.resolve(path.dirname(fromFile), specifier));
  for (const candidate of aliasTargets(specifier, tsconfig.paths)) {
    const found = resolveFile(candidate);
    if (found) return found;
  }
  if (specifier.startsWith("#")) {
    for (const [pattern, target] of Object.entries(packageImports)) {
      const match = matchPattern(pattern, specifier);
      if (match !== undefined) return resolveFile(path.resolve(root, target.replace("*", match)));
    }
  }
  return undefined;
}

function aliasTargets(specifier: string, paths: TsConfigFacts["paths"]): string[] {
  return paths.flatMap(({ pattern, targets }) => {
    const match = matchPattern(pattern, specifier);
    return match === undefined ? [] : targets.map((target) => target.replace("*", match));
  });
}

/** What `*` matched, or undefined when the pattern does not match. */
function matchPattern(pattern: string, specifier: string): string | undefined {
  const star = pattern.indexOf("*");
  if (star < 0) return pattern === specifier ? "" : undefined;
  const prefix = pattern.slice(0, star);
  const suffix = pattern.slice(star + 1);
  if (!specifier.startsWith(prefix) || !specifier.endsWith(suffix) || specifier.length < prefix.length + suffix.length) return undefined;
  return specifier.slice(prefix.length, specifier.length - suffix.length);
}

/** A path as written in an import: exact, with an extension swapped (`.js` for `.ts`), added, or an index file. */
export function resolveFile(base: string): string | undefined {
  const stripped = base.replace(/\.(js|jsx|mjs|cjs)$/, "");
  const candidates = [base, ...sourceExtensions.map((ext) => stripped + ext), ...sourceExtensions.map((ext) => path.join(base, `index${ext}`))];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** How one project file imports another, in the project's style (`./x`, `./x.js` or `./x.ts`). */
export function relativeSpecifier(fromFile: string, toFile: string, extension: TsConfigFacts["importExtension"]): string {
  let relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).join("/");
  if (!relative.startsWith(".")) relative = `./${relative}`;
  const withoutExtension = relative.replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, "");
  if (extension === "") return withoutExtension.replace(/\/index$/, "");
  return withoutExtension + extension;
}
