import Handlebars from "handlebars";
import type { TemplateStore } from "./template-store.ts";
import { assembleTemplates, compileOptions, TEMPLATE_SUFFIX, type RenderFile, type Templates } from "./templates.ts";

/**
 * Compiles template sources with Handlebars on the spot (it compiles each on its first render):
 * the source tree and its tests. The bundle carries the same templates precompiled at build time
 * and only Handlebars' runtime (scripts/build.mjs).
 */
export function compileTemplates(store: TemplateStore): Templates {
  const hbs = Handlebars.create();
  const functions = new Map<string, RenderFile>();
  for (const [key, source] of store) functions.set(key, key.endsWith(TEMPLATE_SUFFIX) ? hbs.compile(source, compileOptions) : () => source);
  return assembleTemplates(hbs, [...store.keys()], (key) => functions.get(key));
}
