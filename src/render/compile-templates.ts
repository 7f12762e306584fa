import { compileTemplateSources, runtimeNames } from "./compile-to-js.ts";
import * as runtime from "./template-runtime.ts";
import type { CompiledTemplate } from "./template-runtime.ts";
import type { TemplateStore } from "./template-store.ts";
import { assembleTemplates, PARTIAL_SUFFIX, TEMPLATE_SUFFIX, type Templates } from "./templates.ts";

/**
 * Compiles template sources on the spot, with the compiler the build uses: the source tree and its
 * tests. The bundle carries the same functions compiled at build time (scripts/build.mjs).
 */
export function compileTemplates(store: TemplateStore): Templates {
  const compiled = compileTemplateSources(store, TEMPLATE_SUFFIX, PARTIAL_SUFFIX);
  const functions = new Map<string, CompiledTemplate>();
  for (const [key, source] of store) {
    const code = compiled.get(key);
    functions.set(key, code === undefined ? () => source : instantiate(code));
  }
  return assembleTemplates([...functions.keys()], (key) => functions.get(key));
}

/** The function a compiled template's source describes, with the runtime's functions in its scope. */
export function instantiate(code: string): CompiledTemplate {
  const create = new Function(...runtimeNames, `return ${code};`) as (...values: unknown[]) => CompiledTemplate;
  return create(...runtimeNames.map((name) => runtime[name]));
}
