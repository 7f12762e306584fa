import Handlebars from "handlebars";
import type { TemplateStore } from "../../src/render/template-store.ts";
import { partialName, PARTIAL_SUFFIX, TEMPLATE_SUFFIX, type Templates } from "../../src/render/templates.ts";

/**
 * The templates rendered by real Handlebars, set up exactly as the CLI used it before it had its
 * own compiler (src/render/compile-to-js.ts): the reference that compiler's output must equal.
 */
export function referenceTemplates(store: TemplateStore): Templates {
  const options = { noEscape: true, strict: true };
  const hbs = Handlebars.create();
  hbs.registerHelper("eq", (a: unknown, b: unknown) => a === b);
  hbs.registerHelper("json", (value: unknown) => JSON.stringify(value));
  hbs.registerHelper("concat", (...parts: unknown[]) => parts.slice(0, -1).join(""));
  const compiled = new Map<string, Handlebars.TemplateDelegate>();
  for (const [key, source] of store) if (key.endsWith(TEMPLATE_SUFFIX)) compiled.set(key, hbs.compile(source, options));
  for (const [key, template] of compiled) if (key.endsWith(PARTIAL_SUFFIX)) hbs.registerPartial(partialName(key), template);
  return {
    keys: [...store.keys()].filter((key) => !key.endsWith(PARTIAL_SUFFIX)),
    render(key, context) {
      const template = compiled.get(key);
      if (template) return template(context);
      const file = store.get(key);
      if (file === undefined) throw new Error(`Template not found: ${key}`);
      return file;
    },
  };
}
