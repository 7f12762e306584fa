import Handlebars from "handlebars";
import type { TemplateStore } from "./template-store.ts";

const PARTIAL_SUFFIX = ".partial.hbs";
const TEMPLATE_SUFFIX = ".hbs";

/** Dotfiles stored under another name: npm leaves `.gitignore` and `.npmrc` out of published packages. */
const renamedOnOutput: Record<string, string> = { _gitignore: ".gitignore", _npmrc: ".npmrc" };

export interface RenderedFile {
  path: string;
  content: string;
}

/**
 * A Handlebars environment for code: no HTML escaping, and strict, so a template that names a
 * value the context lacks fails loudly instead of writing an empty string into generated code.
 */
export function createRenderer(store: TemplateStore) {
  const hbs = Handlebars.create();
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // Builds partial names such as `patterns/<id>/events`; the last argument is Handlebars' options.
  hbs.registerHelper("concat", (...parts: unknown[]) => parts.slice(0, -1).join(""));
  for (const [key, source] of store) {
    if (key.endsWith(PARTIAL_SUFFIX)) hbs.registerPartial(key.slice(0, -PARTIAL_SUFFIX.length), source);
  }
  const compiled = new Map<string, HandlebarsTemplateDelegate>();

  function renderSource(key: string, context: object): string {
    const source = store.get(key);
    if (source === undefined) throw new Error(`Template not found: ${key}`);
    if (!key.endsWith(TEMPLATE_SUFFIX)) return source;
    let template = compiled.get(key);
    if (!template) {
      template = hbs.compile(source, { noEscape: true, strict: true });
      compiled.set(key, template);
    }
    return template(context);
  }

  /**
   * Renders every file below `layer` in the store, placed below `into` in the project, leaving out
   * sub-folders listed in `except` (rendered elsewhere).
   */
  function renderLayer(layer: string, into: string, context: object, except: readonly string[] = []): RenderedFile[] {
    const prefix = `${layer}/`;
    const excluded = except.map((folder) => `${prefix}${folder}/`);
    const files: RenderedFile[] = [];
    for (const key of [...store.keys()].sort()) {
      if (!key.startsWith(prefix) || key.endsWith(PARTIAL_SUFFIX)) continue;
      if (excluded.some((folder) => key.startsWith(folder))) continue;
      files.push({ path: outputPath(into, key.slice(prefix.length)), content: renderSource(key, context) });
    }
    return files;
  }

  return { renderLayer, renderSource };
}

function outputPath(into: string, relative: string): string {
  const segments = relative.split("/");
  const last = segments.pop()!;
  const stripped = last.endsWith(TEMPLATE_SUFFIX) ? last.slice(0, -TEMPLATE_SUFFIX.length) : last;
  const name = renamedOnOutput[stripped] ?? stripped;
  return [into, ...segments, name].filter(Boolean).join("/");
}
