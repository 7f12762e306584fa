import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** All template sources, keyed by their path below `templates/` with forward slashes. */
export type TemplateStore = ReadonlyMap<string, string>;

/** The repository's `templates/`. Only the source tree reads it: the bundle carries them compiled. */
export function templatesDir(): string {
  return path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "templates");
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
