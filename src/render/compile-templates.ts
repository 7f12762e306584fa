import Handlebars, { type TemplateDelegate } from "handlebars";
import type { TemplateStore } from "./template-store.ts";
import { assembleTemplates, compileOptions, TEMPLATE_SUFFIX, type Templates } from "./templates.ts";

/** Compiles template sources on the spot: the source tree and its tests. The bundle is precompiled. */
export function compileTemplates(store: TemplateStore): Templates {
  const hbs = Handlebars.create();
  const files = new Map<string, string>();
  const compiled = new Map<string, TemplateDelegate>();
  for (const [key, source] of store) {
    if (key.endsWith(TEMPLATE_SUFFIX)) compiled.set(key, hbs.compile(source, compileOptions));
    else files.set(key, source);
  }
  return assembleTemplates(hbs, files, compiled);
}
