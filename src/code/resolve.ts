import { existsSync } from "node:fs";
import path from "node:path";
import { parseJsonc, readTextIfExists } from "./jsonc.ts";

/**
 * Where an import specifier leads: a file of the checked project, a package, or nowhere we can
 * see (a relative path to a file we skip, an alias we cannot expand).
 */
export type Resolution = { kind: "file"; path: string } | { kind: "package"; name: string } | { kind: "missing" };

export interface Resolver {
  resolve(fromFile: string, specifier: string): Resolution;
}

interface PathAlias {
  /** The part before `*` (or the whole key without a `*`). */
  prefix: string;
  suffix: string;
  wildcard: boolean;
  /** Absolute target patterns, `*` kept. */
  targets: string[];
}

const sourceExtensions = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];
/** ESM TypeScript imports name the emitted file (`./a.js` for `./a.ts`). */
const emittedToSource: Record<string, string[]> = { ".js": [".ts", ".tsx"], ".jsx": [".tsx"], ".mjs": [".mts"], ".cjs": [".cts"] };

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The file a tsconfig `extends` entry names: a relative path, or a package's config. */
export function extendsTarget(fromDir: string, spec: string): string | undefined {
  if (spec.startsWith(".") || path.isAbsolute(spec)) {
    const full = path.resolve(fromDir, spec);
    return [full, `${full}.json`].find((f) => existsSync(f) && !f.endsWith(path.sep));
  }
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const base = path.join(dir, "node_modules", spec);
    const found = [base, `${base}.json`, path.join(base, "tsconfig.json")].find((f) => f.endsWith(".json") && existsSync(f));
    if (found) return found;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The `paths` aliases of a tsconfig, following `extends` (a child's options win). */
export function loadPathAliases(configFile: string, seen = new Set<string>()): PathAlias[] {
  if (seen.has(configFile)) return [];
  seen.add(configFile);
  const config = parseJsonc(readTextIfExists(configFile) ?? "");
  if (!isRecord(config)) return [];
  const dir = path.dirname(configFile);
  const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
  if (isRecord(options.paths)) {
    // Relative to baseUrl when set, otherwise to the config file that declares them.
    const base = typeof options.baseUrl === "string" ? path.resolve(dir, options.baseUrl) : dir;
    return Object.entries(options.paths).map(([key, value]) => {
      const star = key.indexOf("*");
      return {
        prefix: star < 0 ? key : key.slice(0, star),
        suffix: star < 0 ? "" : key.slice(star + 1),
        wildcard: star >= 0,
        targets: (Array.isArray(value) ? value : []).filter((v): v is string => typeof v === "string").map((v) => path.resolve(base, v)),
      };
    });
  }
  const parents = typeof config.extends === "string" ? [config.extends] : Array.isArray(config.extends) ? config.extends.filter((e) => typeof e === "string") : [];
  // With several parents, the last one that sets paths wins, as in tsc.
  for (const parent of [...parents].reverse()) {
    const file = extendsTarget(dir, parent);
    const aliases = file ? loadPathAliases(file, seen) : [];
    if (aliases.length > 0) return aliases;
  }
  if (typeof options.baseUrl === "string") {
    // baseUrl alone makes bare specifiers resolve from it (`import x from "lib/x"`).
    return [{ prefix: "", suffix: "", wildcard: true, targets: [path.join(path.resolve(dir, options.baseUrl), "*")] }];
  }
  return [];
}

/** Subpath imports of package.json (`"#lib/*": "./src/lib/*"`), targets made absolute. */
export function loadPackageImports(root: string): PathAlias[] {
  const pkg = parseJsonc(readTextIfExists(path.join(root, "package.json")) ?? "");
  if (!isRecord(pkg) || !isRecord(pkg.imports)) return [];
  const pick = (value: unknown): string | undefined => {
    if (typeof value === "string") return value;
    if (Array.isArray(value)) return value.map(pick).find(Boolean);
    // Conditions: the source is what we want, so types and development come before the build.
    if (isRecord(value)) for (const c of ["types", "development", "import", "node", "default", "require"]) if (c in value) return pick(value[c]);
    return undefined;
  };
  return Object.entries(pkg.imports).flatMap(([key, value]) => {
    const target = pick(value);
    if (!target) return [];
    const star = key.indexOf("*");
    return [{ prefix: star < 0 ? key : key.slice(0, star), suffix: star < 0 ? "" : key.slice(star + 1), wildcard: star >= 0, targets: [path.resolve(root, target)] }];
  });
}

function expand(aliases: PathAlias[], specifier: string): string[] | undefined {
  let best: { alias: PathAlias; captured: string } | undefined;
  for (const alias of aliases) {
    if (!alias.wildcard) {
      if (specifier === alias.prefix) return alias.targets;
      continue;
    }
    if (specifier.startsWith(alias.prefix) && specifier.endsWith(alias.suffix) && specifier.length >= alias.prefix.length + alias.suffix.length) {
      // The longest prefix wins, as in tsc.
      if (!best || alias.prefix.length > best.alias.prefix.length) best = { alias, captured: specifier.slice(alias.prefix.length, specifier.length - alias.suffix.length) };
    }
  }
  return best?.alias.targets.map((t) => t.replace("*", best.captured));
}

/**
 * Resolves imports as TypeScript and Node would for each file: aliases from the nearest
 * tsconfig.json (or jsconfig.json) and subpath imports from the nearest package.json with
 * "imports", looking no higher than the checked folder (so each package of a monorepo uses its own).
 */
export function createResolver(root: string, projectFiles: ReadonlySet<string>): Resolver {
  const nearest = <T>(load: (dir: string) => T | undefined) => {
    const byDir = new Map<string, T | undefined>();
    const lookup = (dir: string): T | undefined => {
      if (byDir.has(dir)) return byDir.get(dir);
      const parent = path.dirname(dir);
      const found = load(dir) ?? (dir === root || parent === dir || !dir.startsWith(root) ? undefined : lookup(parent));
      byDir.set(dir, found);
      return found;
    };
    return lookup;
  };
  const aliasesFor = nearest((dir) => {
    const config = ["tsconfig.json", "jsconfig.json"].map((f) => path.join(dir, f)).find((f) => existsSync(f));
    return config ? loadPathAliases(config) : undefined;
  });
  const packageImportsFor = nearest((dir) => (existsSync(path.join(dir, "package.json")) ? loadPackageImports(dir) : undefined));

  const findFile = (base: string): string | undefined => {
    if (projectFiles.has(base)) return base;
    const ext = path.extname(base);
    for (const replacement of emittedToSource[ext] ?? []) {
      const candidate = base.slice(0, -ext.length) + replacement;
      if (projectFiles.has(candidate)) return candidate;
    }
    for (const e of sourceExtensions) if (projectFiles.has(base + e)) return base + e;
    for (const e of sourceExtensions) if (projectFiles.has(path.join(base, `index${e}`))) return path.join(base, `index${e}`);
    return undefined;
  };

  const fromTargets = (targets: string[] | undefined): Resolution | undefined => {
    if (!targets) return undefined;
    for (const t of targets) {
      const file = findFile(t);
      if (file) return { kind: "file", path: file };
    }
    return undefined;
  };

  // Every call site of an imported name resolves its import again: remember the answers.
  const cache = new Map<string, Resolution>();
  return {
    resolve(fromFile, specifier) {
      // The answer depends on the importing folder (relative paths, the nearest configs).
      const key = `${path.dirname(fromFile)}\0${specifier}`;
      let hit = cache.get(key);
      if (!hit) cache.set(key, (hit = resolveUncached(fromFile, specifier)));
      return hit;
    },
  };

  function resolveUncached(fromFile: string, specifier: string): Resolution {
    if (specifier.startsWith(".") || path.isAbsolute(specifier)) {
      const file = findFile(path.resolve(path.dirname(fromFile), specifier));
      return file ? { kind: "file", path: file } : { kind: "missing" };
    }
    const dir = path.dirname(fromFile);
    if (specifier.startsWith("#")) return fromTargets(expand(packageImportsFor(dir) ?? [], specifier)) ?? { kind: "missing" };
    return fromTargets(expand(aliasesFor(dir) ?? [], specifier)) ?? { kind: "package", name: specifier };
  }
}
