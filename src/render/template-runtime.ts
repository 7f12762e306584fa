/**
 * The few functions that templates compiled by compile-to-js.ts call: property lookups with
 * Handlebars' strict-mode rules, `#if` truthiness, `#each`, partials and the helpers. Each
 * reproduces what Handlebars does for the subset of it the templates use; where Handlebars would
 * do something this project never relies on (call a function found in the context, iterate over
 * null items), these throw instead of printing something different.
 */

/** A template compiled to a function; `root` is what `@root` means (the outermost template's context). */
export type CompiledTemplate = (context: unknown, partials: PartialLookup, root?: unknown) => string;

/** Finds a partial by its name (its key below templates/, without `.partial.hbs`). */
export type PartialLookup = (name: string) => CompiledTemplate | undefined;

/** The helpers templates may call, as `(eq a b)`, `{{json x}}`, `(concat "a/" id "/b")`. */
export const helpers = {
  eq: (a: unknown, b: unknown) => a === b,
  json: (value: unknown) => JSON.stringify(value),
  concat: (...parts: unknown[]) => parts.join(""),
};

class TemplateError extends Error {}

/** `where` is "template:line:column expression", as the compiler writes it. */
function fail(where: string, problem: string): never {
  throw new TemplateError(`${where}: ${problem}`);
}

/**
 * One property, as Handlebars' lookupProperty: a missing or inherited property is undefined
 * (Handlebars denies prototype access), a null or undefined object has no properties at all.
 */
function property(where: string, object: unknown, name: string): unknown {
  if (object === null || object === undefined) fail(where, `cannot read "${name}" of ${object}`);
  const value = Object.hasOwn(object, name) ? (object as Record<string, unknown>)[name] : undefined;
  // Handlebars would call it (a "lambda"); templates here only ever see data.
  if (typeof value === "function") fail(where, `"${name}" is a function, which templates do not call`);
  return value;
}

/** `a.b.c` as a helper or block argument: only the objects on the way must exist (Handlebars' strict mode). */
export function lookup(where: string, object: unknown, ...names: string[]): unknown {
  for (const name of names) object = property(where, object, name);
  return object;
}

/** `{{a.b.c}}` printed: the last property must exist too (Handlebars' strict mode), though it may be null. */
export function required(where: string, object: unknown, ...names: string[]): unknown {
  const last = names.length - 1;
  for (let i = 0; i < last; i++) object = property(where, object, names[i]!);
  if (typeof object !== "object" || object === null || !(names[last]! in object)) fail(where, `"${names[last]}" is not defined`);
  return property(where, object, names[last]!);
}

/** `{{#if}}`'s test: false for falsy values and for an empty array. */
export function truthy(value: unknown): boolean {
  return Boolean(value) && !(Array.isArray(value) && value.length === 0);
}

/** The body of an `{{#each}}` for one item; `last` is `@last`, `index` `@index` (and `@first` when 0). */
export type EachBody = (item: unknown, key: string | number, index: number, last: boolean) => string;

/** `{{#each}}` over an array, another iterable or an object's own keys; `otherwise` (its `{{else}}`) when there is nothing. */
export function each(where: string, list: unknown, body: EachBody, otherwise: () => string = () => ""): string {
  if (list === null || typeof list !== "object") return otherwise();
  const item = (value: unknown) => (value === null || value === undefined ? fail(where, `an item is ${value}, which templates do not iterate over`) : value);
  let out = "";
  if (Array.isArray(list) || (list as Partial<Iterable<unknown>>)[Symbol.iterator]) {
    const items = Array.isArray(list) ? list : [...(list as Iterable<unknown>)];
    for (let i = 0; i < items.length; i++) if (i in items) out += body(item(items[i]), i, i, i === items.length - 1);
    return items.length === 0 ? otherwise() : out;
  }
  const keys = Object.keys(list);
  keys.forEach((key, i) => (out += body(item((list as Record<string, unknown>)[key]), key, i, i === keys.length - 1)));
  return keys.length === 0 ? otherwise() : out;
}

/** `{{> name context}}`; `indent` is the whitespace before a partial alone on its line, put before each of its lines. */
export function partial(where: string, partials: PartialLookup, name: unknown, context: unknown, root: unknown, indent: string): string {
  const template = partials(String(name));
  if (!template) fail(where, `the partial ${String(name)} could not be found`);
  if (context === null || context === undefined) fail(where, `the partial ${String(name)} gets ${context} as its context`);
  const text = template(context, partials, root);
  if (!indent) return text;
  // As Handlebars: every line, except the empty one after a final newline.
  const lines = text.split("\n");
  return lines.map((line, i) => (line === "" && i === lines.length - 1 ? line : indent + line)).join("\n");
}
