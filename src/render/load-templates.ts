import { compileTemplates } from "./compile-templates.ts";
import { loadTemplateStore } from "./template-store.ts";
import type { Templates } from "./templates.ts";

/**
 * The templates the CLI renders, read from `templates/` and compiled by Handlebars. The build swaps
 * this module for one with the templates precompiled by Handlebars (scripts/build.mjs), so the
 * published CLI carries only Handlebars' runtime, not its compiler.
 */
export function loadTemplates(): Templates {
  return compileTemplates(loadTemplateStore());
}
