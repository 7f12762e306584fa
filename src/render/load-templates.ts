import { compileTemplates } from "./compile-templates.ts";
import { loadTemplateStore } from "./template-store.ts";
import type { Templates } from "./templates.ts";

/**
 * The templates the CLI renders, read from `templates/` and compiled. The build swaps this module
 * for one with the templates compiled at build time by the same compiler (scripts/build.mjs), so
 * the published CLI carries no Handlebars at all.
 */
export function loadTemplates(): Templates {
  return compileTemplates(loadTemplateStore());
}
