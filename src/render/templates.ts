import type { CompiledTemplate, PartialLookup } from "./template-runtime.ts";

/**
 * Templates ready to render, keyed by their path below `templates/`. Partials (`*.partial.hbs`)
 * are not keys: other templates include them (though they can be rendered by key too).
 */
export interface Templates {
  keys: readonly string[];
  render(key: string, context: object): string;
}

export const PARTIAL_SUFFIX = ".partial.hbs";
export const TEMPLATE_SUFFIX = ".hbs";

export const partialName = (key: string) => key.slice(0, -PARTIAL_SUFFIX.length);

/**
 * Finds the function giving a file's text, by its key: a compiled template, or for a plain file
 * one that returns it as it is.
 */
export type FindTemplate = (key: string) => CompiledTemplate | undefined;

/**
 * Builds `Templates` from the keys of every file below `templates/` and the means to find each
 * one's function. Both the source path (compiled on load) and the published bundle (compiled at
 * build time) go through here.
 */
export function assembleTemplates(keys: readonly string[], find: FindTemplate): Templates {
  const partials: PartialLookup = (name) => find(`${name}${PARTIAL_SUFFIX}`);
  return {
    keys: keys.filter((key) => !key.endsWith(PARTIAL_SUFFIX)),
    render(key, context) {
      const template = find(key);
      if (!template) throw new Error(`Template not found: ${key}`);
      return template(context, partials);
    },
  };
}
