import type Handlebars from "handlebars";

/**
 * Templates ready to render, keyed by their path below `templates/`. Partials (`*.partial.hbs`)
 * are not keys: other templates include them (though they can be rendered by key too).
 */
export interface Templates {
  keys: readonly string[];
  render(key: string, context: object): string;
}

/** The full Handlebars (the source tree) or its runtime (the bundle): they share this part. */
export type HandlebarsEnvironment = Pick<typeof Handlebars, "registerHelper" | "registerPartial">;

/** A file's text from its context: a compiled template, or a plain file that ignores it. */
export type RenderFile = Handlebars.TemplateDelegate;

export const PARTIAL_SUFFIX = ".partial.hbs";
export const TEMPLATE_SUFFIX = ".hbs";
/** The helpers templates call, besides Handlebars' own (`if`, `each`…), as `(eq a b)`, `{{json x}}`, `(concat "a/" id "/b")`. */
const helpers = {
  eq: (a: unknown, b: unknown) => a === b,
  json: (value: unknown) => JSON.stringify(value),
  // Builds partial names such as `patterns/<id>/events`; the last argument is Handlebars' options.
  concat: (...parts: unknown[]) => parts.slice(0, -1).join(""),
};

/**
 * Code, not HTML: no escaping. Strict: a value the context lacks throws instead of printing "".
 * Known helpers only: a name a template calls that is not one of them fails to compile (at build
 * time in the bundle), and the compiled code is smaller for it.
 */
export const compileOptions = {
  noEscape: true,
  strict: true,
  knownHelpers: Object.fromEntries(Object.keys(helpers).map((name) => [name, true])),
  knownHelpersOnly: true,
};

export const partialName = (key: string) => key.slice(0, -PARTIAL_SUFFIX.length);

/** Finds a file's function by its key; called again for each use, so it should keep what it makes. */
export type FindTemplate = (key: string) => RenderFile | undefined;

/**
 * Builds `Templates` on a Handlebars environment from the keys of every file below `templates/`
 * and the means to find each one's function. Both the source tree (compiled on the spot) and the
 * published bundle (precompiled at build time) go through here.
 */
export function assembleTemplates(hbs: HandlebarsEnvironment, keys: readonly string[], find: FindTemplate): Templates {
  hbs.registerHelper(helpers);
  // Each partial is found when first included: a run makes the functions of only what it renders.
  for (const key of keys) {
    if (key.endsWith(PARTIAL_SUFFIX)) hbs.registerPartial(partialName(key), (context, options) => find(key)!(context, options));
  }
  return {
    keys: keys.filter((key) => !key.endsWith(PARTIAL_SUFFIX)),
    render(key, context) {
      const template = find(key);
      if (!template) throw new Error(`Template not found: ${key}`);
      try {
        return template(context);
      } catch (error) {
        // Handlebars says what is missing, not in which template (nor where, in the bundle).
        throw new Error(`templates/${key}: ${(error as Error).message}`, { cause: error });
      }
    },
  };
}
