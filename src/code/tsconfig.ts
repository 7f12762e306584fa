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
}

interface ImportOptions {
  allowImportingTsExtensions?: boolean;
  rewriteRelativeImportExtensions?: boolean;
  module?: string;
  moduleResolution?: string;
}

/** The import-related compilerOptions, through `extends` chains (later files win). */
function importOptions(file: string, seen = new Set<string>()): ImportOptions {
  if (seen.has(file)) return {};
  seen.add(file);
  const config = parseJsonc(readTextIfExists(file) ?? "") as { extends?: string | string[]; compilerOptions?: ImportOptions } | undefined;
  const merged: ImportOptions = {};
  for (const parent of [config?.extends ?? []].flat()) {
    const parentFile = extendsTarget(path.dirname(file), parent);
    if (parentFile) Object.assign(merged, importOptions(parentFile, seen));
  }
  return Object.assign(merged, config?.compilerOptions ?? {});
}

/** The project's tsconfig, or (as tsc looks upward) the nearest one up to the workspace root. */
export function readTsConfig(root: string, workspaceRoot?: string): TsConfigFacts {
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
  const options = importOptions(path.join(root, name));
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
  return { file: name, aliases, importExtension, folderAliases };
}
