import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** All template sources, keyed by their path below `templates/` with forward slashes. */
export type TemplateStore = ReadonlyMap<string, string>;

/** `templates/` ships beside `dist/` in the package, and beside `src/` in the repository. */
export function templatesDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of [path.join(here, "..", "templates"), path.join(here, "..", "..", "templates")]) {
    if (existsSync(path.join(candidate, "base"))) return candidate;
  }
  throw new Error(`create-inngest-app: templates folder not found near ${here}; the package is incomplete.`);
}

export function loadTemplateStore(dir = templatesDir()): TemplateStore {
  const store = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    store.set(path.relative(dir, full).split(path.sep).join("/"), readFileSync(full, "utf8"));
  }
  return store;
}
