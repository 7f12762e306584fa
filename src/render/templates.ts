import type Handlebars from "handlebars";
import type { TemplateDelegate } from "handlebars";

/**
 * Templates ready to render, keyed by their path below `templates/`. Partials (`*.partial.hbs`)
 * are not keys: other templates include them.
 */
export interface Templates {
  keys: readonly string[];
  render(key: string, context: object): string;
}

/** The full Handlebars or its runtime-only build: they share this part. */
type HandlebarsEnvironment = Pick<typeof Handlebars, "registerHelper" | "registerPartial">;

export const PARTIAL_SUFFIX = ".partial.hbs";
export const TEMPLATE_SUFFIX = ".hbs";
/** Code, not HTML: no escaping. Strict: a value the context lacks throws instead of printing "". */
export const compileOptions = { noEscape: true, strict: true } as const;

export function registerHelpers(hbs: HandlebarsEnvironment): void {
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("json", (value: unknown) => JSON.stringify(value));
  // Builds partial names such as `patterns/<id>/events`; the last argument is Handlebars' options.
  hbs.registerHelper("concat", (...parts: unknown[]) => parts.slice(0, -1).join(""));
}

export const partialName = (key: string) => key.slice(0, -PARTIAL_SUFFIX.length);

/**
 * Builds `Templates` from plain files and compiled template functions. Both the source path
 * (compiled on load) and the published bundle (precompiled at build time) go through here.
 */
export function assembleTemplates(
  hbs: HandlebarsEnvironment,
  files: ReadonlyMap<string, string>,
  compiled: ReadonlyMap<string, TemplateDelegate>,
): Templates {
  registerHelpers(hbs);
  for (const [key, template] of compiled) if (key.endsWith(PARTIAL_SUFFIX)) hbs.registerPartial(partialName(key), template);
  return {
    keys: [...files.keys(), ...compiled.keys()].filter((key) => !key.endsWith(PARTIAL_SUFFIX)),
    render(key, context) {
      const template = compiled.get(key);
      if (template) return template(context);
      const file = files.get(key);
      if (file === undefined) throw new Error(`Template not found: ${key}`);
      return file;
    },
  };
}
