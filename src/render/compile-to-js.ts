import Handlebars from "handlebars";
import { helpers } from "./template-runtime.ts";

/**
 * Compiles a Handlebars template to the source of a plain JavaScript function (string
 * concatenation) with the signature of `CompiledTemplate` (template-runtime.ts), which prints
 * exactly what Handlebars prints with `{ noEscape: true, strict: true }`. Handlebars parses the
 * template (its parser also strips standalone lines and `~` whitespace, and records the indent of
 * standalone partials); only the subset of Handlebars the templates use is compiled, anything else
 * is refused here, at build time, rather than printed differently:
 *
 * - `{{path}}` (strict: the last property must exist), `{{helper args}}` for eq, json and concat;
 * - `{{#if x}}`, `{{#unless x}}`, `{{#each x}}`, with `{{else}}` and `{{else if …}}`;
 * - paths: `a.b`, `this`, `../a` (each `{{#each}}` is one level, `{{#if}}` none), `@root.a`,
 *   and inside `{{#each}}` `@index`, `@key`, `@first`, `@last`;
 * - partials `{{> name}}`, `{{> name context}}`, `{{> (helper …) context}}`; comments.
 *
 * Like Handlebars' own output, the function is one expression: the template's parts joined with
 * `+`, `{{#if}}` a conditional, `{{#each}}` a call with a function for its body.
 *
 * The generated code calls the functions of template-runtime.ts by their names: `lookup`,
 * `required`, `truthy`, `each`, `partial` and `helpers`.
 */
export function compileToJs(source: string, templateName: string): CompiledSource {
  let ast: Program;
  try {
    ast = Handlebars.parse(source) as unknown as Program;
  } catch (error) {
    throw new UnsupportedTemplateError(`${templateName}: ${(error as Error).message}`);
  }
  const compiler = new Compiler(templateName);
  const body = compiler.program(ast, { context: "context", depth: 0 }, "    ");
  // A whole template's output is a string (Handlebars adds it to "" too); a block's may be a number.
  const code = `function (context, partials, root = context) {\n  return "" + (${body});\n}`;
  return { code, partials: [...compiler.staticPartials] };
}

export interface CompiledSource {
  /** A function expression: `function (context, partials, root = context) { … }`. */
  code: string;
  /** The partials it names literally (`{{> name}}`), so a missing one fails the build, not a run. */
  partials: string[];
}

/** A construct the compiler does not support, or a template Handlebars cannot parse. */
export class UnsupportedTemplateError extends Error {}

/** The names the generated code expects to find in its scope (template-runtime.ts exports them). */
export const runtimeNames = ["lookup", "required", "truthy", "each", "partial", "helpers"] as const;

// The parts of Handlebars' AST this compiler reads (its published types lack `indent`).
interface Node {
  type: string;
  loc: { start: { line: number; column: number } };
}
interface Program extends Node {
  body: Node[];
  blockParams?: string[];
}
interface PathExpression extends Node {
  type: "PathExpression";
  data: boolean;
  depth: number;
  parts: string[];
  original: string;
}
interface Call extends Node {
  path: Node;
  params: Node[];
  hash?: Node;
}
interface Block extends Call {
  program?: Program;
  inverse?: Program;
}
interface Partial extends Node {
  name: Node;
  params: Node[];
  hash?: Node;
  indent?: string;
}
interface Literal extends Node {
  value: unknown;
  original: unknown;
}

/** What `this`, `../` and `@index` mean at a point of the template. */
interface Scope {
  /** The JavaScript expression for the context (`this`). */
  context: string;
  /** How many `{{#each}}` blocks enclose this point: names the variables of this one. */
  depth: number;
  /** The scope `../` leads to: the enclosing `{{#each}}`'s, or none at the template's top. */
  parent?: Scope;
}

const arity: Record<keyof typeof helpers, { min: number; max: number }> = {
  eq: { min: 2, max: 2 },
  json: { min: 1, max: 1 },
  concat: { min: 1, max: Infinity },
};
// Handlebars' own helpers: `{{log}}` alone would call one, not print a property of that name.
const builtInHelpers = ["blockHelperMissing", "each", "helperMissing", "if", "unless", "log", "lookup", "with"];
const dataVariables = ["index", "key", "first", "last"];

class Compiler {
  readonly staticPartials = new Set<string>();

  constructor(private readonly templateName: string) {}

  /**
   * The program's output as one expression, its parts joined with `+`: exactly how Handlebars
   * compiles a program, so that values add up as they do there (`{{a}}{{b}}` with two numbers
   * prints their sum: JavaScript's `+` turns to strings only from the first string on).
   */
  program(program: Program | undefined, scope: Scope, indent: string): string {
    if (program?.blockParams?.length) this.refuse(program, "block parameters (`as |name|`)");
    const parts = (program?.body ?? []).map((node) => this.part(node, scope, indent)).filter((part) => part !== undefined);
    return parts.length === 0 ? '""' : parts.join(`\n${indent}+ `);
  }

  private part(node: Node, scope: Scope, indent: string): string | undefined {
    switch (node.type) {
      case "ContentStatement": {
        const { value } = node as unknown as { value: string };
        return value ? JSON.stringify(value) : undefined;
      }
      case "CommentStatement":
        return undefined;
      case "MustacheStatement":
        return `(${this.mustache(node as Call, scope)} ?? "")`;
      case "BlockStatement":
        return this.block(node as Block, scope, indent);
      case "PartialStatement":
        return this.partial(node as Partial, scope);
      default:
        return this.refuse(node, `${node.type} (not supported by this compiler)`);
    }
  }

  /** `{{path}}` or `{{helper args}}`. */
  private mustache(node: Call, scope: Scope): string {
    if (node.path.type !== "PathExpression") this.refuse(node, `a literal as a mustache (${String((node.path as Literal).original)})`);
    const path = node.path as PathExpression;
    if (node.params.length > 0 || node.hash) return this.helperCall(node, scope);
    if (isSimpleName(path) && (Object.hasOwn(helpers, path.original) || builtInHelpers.includes(path.original))) {
      this.refuse(node, `{{${path.original}}}: the name of a helper, not a value`);
    }
    return this.path(path, scope, true);
  }

  private block(node: Block, scope: Scope, indent: string): string {
    const path = node.path as PathExpression;
    const name = path.type === "PathExpression" && isSimpleName(path) ? path.original : undefined;
    if (name !== "if" && name !== "unless" && name !== "each") {
      return this.refuse(node, `the block {{#${String(path.original)}}} (only #if, #unless and #each are supported)`);
    }
    if (node.params.length !== 1 || node.hash) this.refuse(node, `{{#${name}}} with other than exactly one argument`);
    const value = this.expression(node.params[0]!, scope);
    const inner = `${indent}    `;
    if (name === "each") {
      const depth = scope.depth + 1;
      const itemScope: Scope = { context: `item${depth}`, depth, parent: scope };
      const body = this.program(node.program, itemScope, inner);
      // Its {{else}} runs in the enclosing scope, as Handlebars runs it with the enclosing context.
      const otherwise = node.inverse ? `, () =>\n${inner}${this.program(node.inverse, scope, inner)}` : "";
      const where = this.where(node, `#each ${this.describe(node.params[0]!)}`);
      return `each(${where}, ${value}, (item${depth}, key${depth}, index${depth}, last${depth}) =>\n${inner}${body}${otherwise})`;
    }
    const test = name === "if" ? `truthy(${value})` : `!truthy(${value})`;
    return `(${test}\n${indent}  ? ${this.program(node.program, scope, inner)}\n${indent}  : ${this.program(node.inverse, scope, inner)})`;
  }

  private partial(node: Partial, scope: Scope): string {
    if (node.type !== "PartialStatement") this.refuse(node, node.type);
    if (node.hash) this.refuse(node, "a partial with hash arguments");
    if (node.params.length > 1) this.refuse(node, "a partial with more than one argument");
    let name: string;
    let description: string;
    if (node.name.type === "SubExpression") {
      name = this.helperCall(node.name as Call, scope);
      description = "> (dynamic partial)";
    } else if (node.name.type === "PathExpression" || node.name.type === "StringLiteral") {
      const literal = String((node.name as Literal).original);
      if ((node.name as PathExpression).data) this.refuse(node, `the partial name ${literal}`);
      this.staticPartials.add(literal);
      name = JSON.stringify(literal);
      description = `> ${literal}`;
    } else {
      return this.refuse(node, `a partial named by a ${node.name.type}`);
    }
    const context = node.params[0] ? this.expression(node.params[0], scope) : scope.context;
    return `partial(${this.where(node, description)}, partials, ${name}, ${context}, root, ${JSON.stringify(node.indent ?? "")})`;
  }

  /** A helper's or block's argument: a path (not strict), a literal or a helper call. */
  private expression(node: Node, scope: Scope): string {
    switch (node.type) {
      case "PathExpression":
        return this.path(node as PathExpression, scope, false);
      case "SubExpression":
        return this.helperCall(node as Call, scope);
      case "StringLiteral":
      case "NumberLiteral":
      case "BooleanLiteral":
        return JSON.stringify((node as Literal).value);
      case "UndefinedLiteral":
        return "undefined";
      case "NullLiteral":
        return "null";
      default:
        return this.refuse(node, `${node.type} as an argument`);
    }
  }

  private helperCall(node: Call, scope: Scope): string {
    const path = node.path as PathExpression;
    const name = path.type === "PathExpression" && isSimpleName(path) ? path.original : String(path.original);
    if (!Object.hasOwn(arity, name)) this.refuse(node, `the helper "${name}" (only ${Object.keys(arity).join(", ")} are supported)`);
    if (node.hash) this.refuse(node, `hash arguments to ${name}`);
    const { min, max } = arity[name as keyof typeof arity];
    if (node.params.length < min || node.params.length > max) this.refuse(node, `${name} with ${node.params.length} arguments`);
    return `helpers.${name}(${node.params.map((param) => this.expression(param, scope)).join(", ")})`;
  }

  /**
   * A path. Strict (a printed `{{path}}`): its last property must exist, as Handlebars' strict
   * mode requires; as an argument only the objects on the way must.
   */
  private path(path: PathExpression, scope: Scope, strict: boolean): string {
    const where = this.where(path, path.original);
    let object: string;
    let names = path.parts;
    if (path.data) {
      if (path.depth > 0) this.refuse(path, `@../ (the data of an enclosing block): ${path.original}`);
      const [variable, ...rest] = path.parts;
      if (variable === "root") {
        object = "root";
        names = rest;
      } else if (dataVariables.includes(variable!)) {
        if (rest.length > 0) this.refuse(path, `properties of @${variable}`);
        if (scope.depth === 0) this.refuse(path, `@${variable} outside {{#each}}`);
        return variable === "first" ? `(index${scope.depth} === 0)` : `${variable}${scope.depth}`;
      } else {
        return this.refuse(path, `the data variable @${variable}`);
      }
    } else {
      let target: Scope | undefined = scope;
      for (let i = 0; i < path.depth; i++) target = target?.parent;
      if (!target) return this.refuse(path, `${path.original}: ../ above the template's top`);
      object = target.context;
    }
    if (names.length === 0) return object;
    return `${strict ? "required" : "lookup"}(${where}, ${object}, ${names.map((name) => JSON.stringify(name)).join(", ")})`;
  }

  /** A string literal saying where a construct is, for the runtime's error messages. */
  private where(node: Node, description: string): string {
    const { line, column } = node.loc.start;
    return JSON.stringify(`${this.templateName}:${line}:${column + 1} ${description}`);
  }

  private describe(node: Node): string {
    return node.type === "PathExpression" ? (node as PathExpression).original : node.type === "SubExpression" ? "(…)" : String((node as Literal).original);
  }

  private refuse(node: Node, construct: string): never {
    const { line, column } = node.loc.start;
    throw new UnsupportedTemplateError(`${this.templateName}:${line}:${column + 1}: unsupported: ${construct}`);
  }
}

/** A bare name such as `if` or `projectName`: no dots, `this`, `../` or `@`. */
function isSimpleName(path: PathExpression): boolean {
  return !path.data && path.depth === 0 && path.parts.length === 1 && path.original === path.parts[0];
}

/**
 * Compiles every template (`*.hbs`) of a store: its key → the source of its function. The source
 * tree (compile-templates.ts) and the build (scripts/build.mjs) both compile through here.
 * Throws when a template names a partial the store lacks.
 */
export function compileTemplateSources(store: ReadonlyMap<string, string>, templateSuffix: string, partialSuffix: string): Map<string, string> {
  const compiled = new Map<string, string>();
  for (const [key, source] of store) {
    if (!key.endsWith(templateSuffix)) continue;
    const { code, partials } = compileToJs(source, key);
    const missing = partials.filter((name) => !store.has(`${name}${partialSuffix}`));
    if (missing.length > 0) throw new UnsupportedTemplateError(`${key}: no such partial: ${missing.join(", ")}`);
    compiled.set(key, code);
  }
  return compiled;
}
