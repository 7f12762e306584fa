import { existsSync } from "node:fs";
import path from "node:path";
import { parseJsonc, readTextIfExists } from "./jsonc.ts";
import { extendsTarget, loadPathAliases } from "./resolve.ts";

/** What a project's tsconfig says about how imports are written. */
export interface TsConfigFacts {
  /** The tsconfig that was read (relative to the project), if any. */
  file?: string;
  /** The `paths` aliases it declares (`@/*`), for messages; resolving them is the resolver's job. */
  aliases: string[];
  /** How relative imports end: `.ts` (allowImportingTsExtensions), `.js` (Node16/NodeNext) or nothing (bundler). */
  importExtension: ".ts" | ".js" | "";
  /** Folder aliases (`"@/*": ["./src/*"]` → `@/` for `src`, relative to the project, "" for its root), for writing imports the project's way. */
  folderAliases: { prefix: string; folder: string }[];
  /**
   * A `rootDir` below the project that the config's files include root-level TypeScript against:
   * a `.ts` file added at the project's root (a vitest config) would break tsc (TS6059).
   */
  rootDirExcludesRoot?: boolean;
  /** Why `importExtension` is what it is, when the tsconfig could not say (its parent is not installed). */
  importExtensionEvidence?: string;
  /** Parents named in `extends` that are not installed (nor in the workspace): their options are unknown. */
  unresolvedExtends?: string[];
}

interface ImportOptions {
  rootDir?: string;
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  module?: string;
  moduleResolution?: string;
}

/** Where a package of the workspace lives (by name), for `extends` of a config package not linked yet. */
export type WorkspacePackages = (name: string) => string | undefined;

/** The published bases for Node (`@tsconfig/node20`…) all resolve modules as Node does. */
const nodeBase = /^@tsconfig\/node(\d+|-lts)(\/tsconfig(\.json)?)?$/;

/** The import-related compilerOptions, through `extends` chains (later files win); names the parents it could not find. */
function importOptions(file: string, workspacePackages: WorkspacePackages, unresolved: string[], seen = new Set<string>()): ImportOptions {
  if (seen.has(file)) return {};
  seen.add(file);
  const config = parseJsonc(readTextIfExists(file) ?? "") as { extends?: string | string[]; compilerOptions?: ImportOptions } | undefined;
  const merged: ImportOptions = {};
  for (const parent of [config?.extends ?? []].flat()) {
    const parentFile = extendsTarget(path.dirname(file), parent) ?? workspaceConfig(parent, workspacePackages);
    if (parentFile) Object.assign(merged, importOptions(parentFile, workspacePackages, unresolved, seen));
    else if (nodeBase.test(parent)) Object.assign(merged, { module: "nodenext", moduleResolution: "nodenext" });
    else unresolved.push(parent);
  }
  return Object.assign(merged, config?.compilerOptions ?? {});
}

/** `@acme/tsconfig/base` from the workspace's own folder, through its package.json `exports` when it has them. */
function workspaceConfig(spec: string, workspacePackages: WorkspacePackages): string | undefined {
  if (spec.startsWith(".") || path.isAbsolute(spec)) return undefined;
  const parts = spec.split("/");
  const nameLength = spec.startsWith("@") ? 2 : 1;
  const dir = workspacePackages(parts.slice(0, nameLength).join("/"));
  if (!dir) return undefined;
  const subpath = parts.slice(nameLength).join("/");
  const manifest = parseJsonc(readTextIfExists(path.join(dir, "package.json")) ?? "") as { exports?: Record<string, unknown> } | undefined;
  const exported = manifest?.exports?.[subpath ? `./${subpath}` : "."];
  const candidates = [typeof exported === "string" ? exported : undefined, subpath, `${subpath}.json`, path.join(subpath, "tsconfig.json")].filter((c): c is string => Boolean(c));
  return candidates.map((c) => path.join(dir, c)).find((f) => f.endsWith(".json") && existsSync(f));
}

/** The project's tsconfig, or (as tsc looks upward) the nearest one up to the workspace root. */
export function readTsConfig(root: string, workspaceRoot?: string, workspacePackages: WorkspacePackages = () => undefined): TsConfigFacts {
  let name: string | undefined;
  for (let dir = root; ; dir = path.dirname(dir)) {
    const found = ["tsconfig.json", "jsconfig.json"].find((candidate) => existsSync(path.join(dir, candidate)));
    if (found) {
      name = path.relative(root, path.join(dir, found)).split(path.sep).join("/");
      break;
    }
    if (!workspaceRoot || dir === workspaceRoot || path.dirname(dir) === dir) break;
  }
  if (!name) return { aliases: [], importExtension: "", folderAliases: [] };
  const unresolvedExtends: string[] = [];
  const options = importOptions(path.join(root, name), workspacePackages, unresolvedExtends);
  const pathAliases = loadPathAliases(path.join(root, name));
  // `@/*` → one folder inside the project (not the catch-all `*` of a baseUrl).
  const folderAliases = pathAliases
    .filter((a) => a.wildcard && a.prefix.endsWith("/") && a.suffix === "" && a.targets.length === 1 && a.targets[0]!.endsWith(`${path.sep}*`))
    .map((a) => ({ prefix: a.prefix, folder: path.relative(root, a.targets[0]!.slice(0, -2)).split(path.sep).join("/") }))
    .filter((a) => !a.folder.startsWith(".."));
  const aliases = pathAliases.map((a) => `${a.prefix}${a.wildcard ? "*" : ""}${a.suffix}`).filter((a) => a !== "*");
  const resolution = (options.moduleResolution ?? options.module ?? "").toLowerCase();
  const importExtension =
    options.allowImportingTsExtensions || options.rewriteRelativeImportExtensions ? ".ts" : resolution.startsWith("node16") || resolution.startsWith("nodenext") ? ".js" : "";
  const own = parseJsonc(readTextIfExists(path.join(root, name)) ?? "") as { include?: unknown } | undefined;
  const include = Array.isArray(own?.include) ? own.include.filter((i): i is string => typeof i === "string") : undefined;
  const configDir = path.dirname(path.join(root, name));
  const rootDirExcludesRoot =
    options.rootDir !== undefined && path.resolve(configDir, options.rootDir) !== root && (!include || include.some((pattern) => !pattern.includes("/") || pattern.startsWith("**")));
  return { file: name, aliases, importExtension, folderAliases, ...(unresolvedExtends.length > 0 ? { unresolvedExtends } : {}), ...(rootDirExcludesRoot ? { rootDirExcludesRoot } : {}) };
}
