import type * as t from "@babel/types";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import type { InngestFunction, InngestModel, ServeCall } from "../inngest-model.ts";
import type { RuleFamily } from "./context.ts";
import path from "node:path";
import { appendToArray, ImportBatch, isCommonJs } from "../../code/code-edits.ts";
import { parseSource as parseForEdit, type ParsedFile } from "../../code/parse.ts";
import { relativeSpecifier } from "../../code/import-specifier.ts";
import type { TextEdit } from "../../code/text-edits.ts";
import { fileChange, type Fix } from "../fixes.ts";
import { words } from "./shared.ts";

/**
 * Which functions the serve handlers register. We follow what a serve `functions` list is built
 * from, across files: array literals, spreads, identifiers and their const values, named and
 * aliased imports, re-exports (`export { a as b } from`, `export * from`), namespace imports
 * (`ns.fn`, `Object.values(ns)`, `...Object.values(ns)`), `a.concat(b)`, `.flat()`, and
 * `list.push(fn)` on a list declared in the project. Anything else (a function call, a value from
 * a package) makes the set incomplete, and then no function is reported as unserved.
 */
class ServedFunctions {
  readonly calls = new Set<t.Node>();
  complete = true;
  private readonly seen = new Set<t.Node>();

  constructor(
    private readonly graph: ModuleGraph,
    private readonly functionCalls: ReadonlySet<t.Node>,
  ) {}

  add(module: Module, node: t.Node): void {
    if (!this.collect(module, node)) this.complete = false;
  }

  private collect(module: Module, node: t.Node): boolean {
    const n = unwrap(node);
    if (this.seen.has(n)) return true;
    this.seen.add(n);
    switch (n.type) {
      case "ArrayExpression":
        return n.elements.every((e) => !e || this.collect(module, e.type === "SpreadElement" ? e.argument : e));
      case "ObjectExpression":
        return n.properties.every((p) => (p.type === "ObjectProperty" ? this.collect(module, p.value) : p.type === "SpreadElement" ? this.collect(module, p.argument) : true));
      case "ConditionalExpression":
        return this.collect(module, n.consequent) && this.collect(module, n.alternate);
      case "LogicalExpression":
        return this.collect(module, n.left) && this.collect(module, n.right);
      case "CallExpression":
        return this.collectCall(module, n);
      case "Identifier":
      case "MemberExpression":
        return this.collectReference(module, n);
      default:
        return false;
    }
  }

  private collectCall(module: Module, call: t.CallExpression): boolean {
    if (this.functionCalls.has(call)) {
      this.calls.add(call);
      return true;
    }
    const callee = unwrap(call.callee);
    if (callee.type !== "MemberExpression") return false;
    const method = propertyName(callee);
    const target = this.graph.define(module, callee.object);
    if (method === "values" && target.kind === "global" && target.name === "Object" && call.arguments[0]) return this.collect(module, call.arguments[0]);
    if (method === "concat") return this.collect(module, callee.object) && call.arguments.every((a) => this.collect(module, a.type === "SpreadElement" ? a.argument : a));
    if (method === "flat") return this.collect(module, callee.object);
    return false;
  }

  private collectReference(module: Module, node: t.Identifier | t.MemberExpression): boolean {
    const def = this.graph.define(module, node);
    if (def.kind === "namespace") {
      // Every export of the module; exports that are not functions (constants, helpers) are ignored.
      for (const name of this.graph.exportNames(def.module)) {
        const value = this.graph.valueOf(this.graph.resolveExport(def.module, name) ?? { kind: "unknown" });
        if (value) this.collect(value.module, value.node);
      }
      return true;
    }
    const value = this.graph.valueOf(def);
    if (!value) return false;
    let complete = this.collect(value.module, value.node);
    // A list filled later: `functions.push(a, b)`.
    if (def.kind === "binding") {
      for (const ref of def.binding.refs) {
        const member = def.module.analysis.parentOf.get(ref);
        const call = member && def.module.analysis.parentOf.get(member);
        const method = member && propertyName(member);
        if (call?.type === "CallExpression" && call.callee === member && (method === "push" || method === "unshift")) {
          for (const a of call.arguments) complete = this.collect(def.module, a.type === "SpreadElement" ? a.argument : a) && complete;
        }
      }
    }
    return complete;
  }
}

/** The array literal a serve `functions` list is (a literal, or a const holding one, maybe imported). */
function listArray(graph: ModuleGraph, module: Module, node: t.Node, depth = 0): { module: Module; array: t.ArrayExpression } | undefined {
  const n = unwrap(node);
  if (n.type === "ArrayExpression") return { module, array: n };
  if (depth > 5 || (n.type !== "Identifier" && n.type !== "MemberExpression")) return undefined;
  const def = graph.define(module, n);
  if (def.kind === "binding" && def.binding.kind !== "const") return undefined;
  const value = graph.valueOf(def);
  return value && listArray(graph, value.module, value.node, depth + 1);
}

/** How a file writes relative imports: with `.js`, with `.ts`, or without an extension. */
function importExtensionOf(text: string): ".js" | ".ts" | "" {
  const relative = [...text.matchAll(/\bfrom\s*["'](\.{1,2}\/[^"']*)["']/g)].map((m) => m[1]!);
  if (relative.some((s) => s.endsWith(".ts"))) return ".ts";
  if (relative.some((s) => s.endsWith(".js"))) return ".js";
  return "";
}

/**
 * How the list's module imports a project file: through the folder alias its own imports use
 * (`@/inngest/x` where `@/` is `src/`), else relatively; with the extension its imports have.
 */
function importSpecifier(graph: ModuleGraph, from: Module, file: ParsedFile, to: string): string {
  const extension = importExtensionOf(from.text);
  const strip = (p: string) => p.replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, "");
  for (const declaration of file.ast.program.body) {
    if (declaration.type !== "ImportDeclaration" || declaration.source.value.startsWith(".")) continue;
    const source = declaration.source.value;
    const resolved = graph.resolveFile(from, source);
    if (!resolved) continue;
    const target = strip(resolved).split(path.sep).join("/");
    const parts = strip(source).split("/");
    // The longest tail the specifier and the path share: the rest of the specifier is the alias.
    for (let i = 1; i < parts.length; i++) {
      const rest = parts.slice(i).join("/");
      const folder = target.endsWith(`/${rest}`) ? target.slice(0, -rest.length - 1) : target.endsWith(`/${rest}/index`) ? target.slice(0, -rest.length - 7) : undefined;
      if (folder === undefined) continue;
      const wanted = strip(to).split(path.sep).join("/");
      if (!wanted.startsWith(`${folder}/`)) break;
      const tail = wanted.slice(folder.length + 1);
      return `${parts.slice(0, i).join("/")}/${extension === "" ? tail.replace(/(^|\/)index$/, "") : tail + extension}`;
    }
  }
  return relativeSpecifier(from.path, to, extension);
}

/** How the list's module can name a function: the export that holds it, or its local const in that very module. */
function exportedName(fn: InngestFunction): { name: string; edits: TextEdit[] } | undefined {
  for (const [name, entry] of fn.module.analysis.exports) {
    if (entry.binding?.init === fn.call && !entry.binding.reassigned) return { name, edits: [] };
    if (name === "default" && entry.expression === fn.call) return { name, edits: [] };
  }
  // `const x = createFunction(…)` at the top level, not exported: export it (not in CommonJS,
  // where an `export` would break the module).
  if (isCommonJs(fn.module.analysis.program)) return undefined;
  const declarator = fn.module.analysis.parentOf.get(fn.call);
  const declaration = declarator && fn.module.analysis.parentOf.get(declarator);
  if (declarator?.type !== "VariableDeclarator" || declarator.id.type !== "Identifier" || declaration?.type !== "VariableDeclaration" || declaration.kind !== "const") return undefined;
  if (fn.module.analysis.parentOf.get(declaration)?.type !== "Program" || declaration.declarations.length !== 1) return undefined;
  const name = declarator.id.name;
  if (fn.module.analysis.exports.has(name)) return undefined;
  return { name, edits: [{ at: declaration.start!, insert: "export " }] };
}

/**
 * The fix of unserved functions: each one imported into the module of the one array every
 * serve() registers, and appended to it, in that file's style. One fix for all of them (their
 * edits share the array's end), given to each of their findings. A suggestion, not a safe fix:
 * a function that never ran starts running, and public code leaves functions out on purpose.
 */
function registerFix(
  graph: ModuleGraph,
  serves: ServeCall[],
  unserved: InngestFunction[],
  servedClients: ReadonlySet<string>,
  /** Filled with the functions whose module loads the list's module, and that module. */
  cyclic: Map<InngestFunction, string>,
): { fix: Fix; covered: Set<InngestFunction> } | undefined {
  // Served beside the functions of its own app only: a function of another client (another app)
  // put in this list would change what both apps run. The list's own functions tell its app.
  if (servedClients.size !== 1) return undefined;
  const arrays = serves.filter((s) => s.certain).flatMap((s) => s.functionLists.map((l) => listArray(graph, s.module, l)));
  const target = arrays[0];
  if (!target || arrays.some((a) => a?.array !== target.array)) return undefined;
  let file;
  try {
    file = parseForEdit(target.module.path, target.module.text);
  } catch {
    return undefined;
  }
  const batch = new ImportBatch(file);
  const items: string[] = [];
  const otherEdits = new Map<Module, TextEdit[]>();
  const names: string[] = [];
  const covered = new Set<InngestFunction>();
  for (const fn of unserved) {
    if (!servedClients.has(fn.client)) continue;
    // A function whose module loads the list's module (the client declared beside the list):
    // importing it there closes a cycle, and one of the two modules then reads the other's
    // binding before it exists, a crash at start-up.
    if (fn.module !== target.module && graph.loads(fn.module, target.module) !== false) {
      cyclic.set(fn, target.module.rel);
      continue;
    }
    const exported = exportedName(fn);
    if (!exported) continue;
    if (fn.module === target.module) {
      // Declared after the list, it would be read before it exists.
      if (exported.name === "default" || fn.call.start! > target.array.start!) continue;
      items.push(exported.name);
    } else {
      const specifier = importSpecifier(graph, target.module, file, fn.module.path);
      const fallback = words(fn.id?.value ?? path.basename(fn.module.rel).replace(/\.[^.]+$/, "")).map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
      let local: string;
      try {
        local = batch.add({ from: specifier, name: exported.name }, exported.name === "default" ? fallback || undefined : `${exported.name}Function`);
      } catch {
        continue; // every name we would use is taken
      }
      items.push(local);
      if (exported.edits.length > 0) otherEdits.set(fn.module, exported.edits);
    }
    names.push(fn.id ? `"${fn.id.value}"` : exported.name);
    covered.add(fn);
  }
  if (items.length === 0) return undefined;
  const changes = [fileChange(target.module.rel, target.module.text, [...batch.edits(), ...appendToArray(file, target.array, items)])];
  for (const [module, edits] of otherEdits) changes.push(fileChange(module.rel, module.text, edits));
  return {
    fix: {
      kind: "suggestion",
      description: `Register ${names.join(", ")} in the serve() functions list of ${target.module.rel}.`,
      risk: "It starts running, on its events or schedule: a function left out on purpose (a disabled job, a demo, one replaced by another) comes back.",
      changes,
    },
    covered,
  };
}

/**
 * A comment that opens by saying the function is kept out of service ("DISABLED: …", "Not used",
 * "@deprecated"); the same words later in a sentence ("sends unused coupons") say nothing of it.
 */
const offWords = /^[\s*]*(?:@deprecated\b|(?:disabled?|unused|not (?:being )?used|not using|not in use|deprecated|do not (?:serve|register|use)|turned off|switched off)\b)/im;

/**
 * Unserved functions left out on purpose, each with the evidence: its name in a comment of a
 * module that serves or holds the list (`// import { nightly }`, `// nightly,`), or a comment
 * just above it that says so (`// DISABLED`, `/** Not used *\/`). Registering those would
 * switch them back on.
 */
function switchedOff(graph: ModuleGraph, serves: ServeCall[], unserved: InngestFunction[]): Map<InngestFunction, string> {
  const found = new Map<InngestFunction, string>();
  const commentsOf = new Map<Module, t.Comment[]>();
  const comments = (module: Module): t.Comment[] => {
    if (!commentsOf.has(module)) {
      let list: t.Comment[] = [];
      try {
        list = parseForEdit(module.path, module.text).ast.comments ?? [];
      } catch {
        // Unparsable here means no comments to read.
      }
      commentsOf.set(module, list);
    }
    return commentsOf.get(module)!;
  };
  const listModules = new Set<Module>();
  for (const serve of serves.filter((s) => s.certain)) {
    listModules.add(serve.module);
    for (const list of serve.functionLists) {
      const array = listArray(graph, serve.module, list);
      if (array) listModules.add(array.module);
    }
  }
  for (const fn of unserved) {
    const names = [...new Set([exportedName(fn)?.name, localName(fn), fn.id?.value].filter((n): n is string => Boolean(n) && n !== "default"))];
    const named = names.map((n) => new RegExp(`(^|[^\\w$-])${n.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}($|[^\\w$-])`));
    for (const module of listModules) {
      const comment = comments(module).find((c) => named.some((re) => re.test(c.value)));
      if (comment) {
        found.set(fn, `${names[0]} is in a comment at ${module.rel}:${comment.loc?.start.line ?? 1}`);
        break;
      }
    }
    if (found.has(fn)) continue;
    const statement = topStatement(fn);
    const above = statement && comments(fn.module).filter((c) => c.end! <= statement.start! && /^\s*$/.test(fn.module.text.slice(c.end!, statement.start!).replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, "")));
    const says = above?.find((c) => offWords.test(c.value));
    if (says) found.set(fn, `the comment above it says "${says.value.trim().split("\n")[0]!.replace(/^[*\s]+/, "").slice(0, 60)}"`);
  }
  return found;
}

/** The name of the const a function is assigned to, exported or not. */
function localName(fn: InngestFunction): string | undefined {
  const declarator = fn.module.analysis.parentOf.get(fn.call);
  return declarator?.type === "VariableDeclarator" && declarator.id.type === "Identifier" ? declarator.id.name : undefined;
}

/** The statement of the module's top level that holds the function's call. */
function topStatement(fn: InngestFunction): t.Node | undefined {
  let node: t.Node | undefined = fn.call;
  for (let parent = fn.module.analysis.parentOf.get(node); parent; node = parent, parent = fn.module.analysis.parentOf.get(parent)) {
    if (parent.type === "Program") return node;
  }
  return undefined;
}

/** A function the serve handler created by `check --fix` registers: the export that names it (made an export when it is a top-level const). */
export interface FunctionToServe {
  /** Relative to the checked folder, forward slashes. */
  file: string;
  exportName: string;
  /** `export ` added before its declaration, when it was not exported. */
  exportEdits: TextEdit[];
}

/**
 * What a serve handler must register when the project has none: every function, when they are
 * all of one app (client) and each can be imported. Undefined otherwise: a handler serving part of
 * them, or two apps' functions in one handler, would be a guess.
 */
export function functionsToServe(model: InngestModel): FunctionToServe[] | undefined {
  const functions = model.functions.filter((f) => !f.inFactory);
  if (functions.length === 0 || new Set(functions.map((f) => f.client)).size !== 1 || functions.some((f) => !f.certain)) return undefined;
  const served: FunctionToServe[] = [];
  for (const fn of functions) {
    const exported = exportedName(fn);
    if (!exported) return undefined;
    served.push({ file: fn.module.rel, exportName: exported.name, exportEdits: exported.edits });
  }
  return served;
}

export const servingRules: RuleFamily = ({ model, graph, report, servedElsewhere }) => {
  const { serves } = model;
  // Functions a factory builds (in a class, or a function kept for later) are served by whoever
  // calls it, maybe outside this tree: the serve rules do not guess about them.
  const functions = model.functions.filter((f) => !f.inFactory);

  // duplicate-function-id: per app (client), onFailure's `<id>-failure` included.
  const seenIds = new Map<string, InngestFunction>();
  for (const fn of model.functions) {
    if (!fn.id) continue;
    const ids = [fn.id.value, ...(fn.handlers.some((h) => h.role === "onFailure") ? [`${fn.id.value}-failure`] : [])];
    for (const id of ids) {
      const key = `${fn.client}\0${id}`;
      const first = seenIds.get(key);
      if (first && first !== fn) {
        const where = `${first.module.rel}:${first.call.loc?.start.line ?? 0}`;
        report("duplicate-function-id", fn.module, fn.id.node, `Function id "${id}" is already used by the function at ${where}; one of them will not run.`);
      } else seenIds.set(key, fn);
    }
  }

  if (functions.length === 0) return;
  const certain = serves.filter((s) => s.certain);
  if (certain.length === 0) {
    const first = functions[0]!;
    const count = `${functions.length} function${functions.length === 1 ? "" : "s"}`;
    const maybe = serves[0];
    // Critical only when nothing may serve them; a guess is said once, at info level.
    if (maybe) report("serve-handler-unknown", maybe.module, maybe.call, `${count} and no serve handler check recognises: ${maybe.reason ?? "this call may serve them"}.`);
    else if (servedElsewhere) report("serve-handler-unknown", first.module, first.call, `${count} and no serve handler in this folder; ${servedElsewhere}.`);
    else report("serve-handler-missing", first.module, first.call, `${count} but no serve() (or connect()) handler: Inngest cannot reach ${functions.length === 1 ? "it" : "them"}.`);
    return;
  }

  const served = new ServedFunctions(graph, new Set(functions.map((f) => f.call)));
  for (const serve of serves) {
    if (!serve.certain || (serve.functionLists.length === 0 && !serve.listsKnown)) served.complete = false;
    for (const list of serve.functionLists) served.add(serve.module, list);
  }
  if (!served.complete) return;
  const unserved = functions.filter((fn) => !served.calls.has(fn.call));
  const servedClients = new Set(functions.filter((fn) => served.calls.has(fn.call)).map((fn) => fn.client));
  const cyclic = new Map<InngestFunction, string>();
  const offOnPurpose = unserved.length > 0 ? switchedOff(graph, serves, unserved) : new Map<InngestFunction, string>();
  const toRegister = unserved.filter((fn) => !offOnPurpose.has(fn));
  const registration = toRegister.length > 0 ? registerFix(graph, serves, toRegister, servedClients, cyclic) : undefined;
  for (const fn of unserved) {
    const name = fn.id ? `"${fn.id.value}"` : "created here";
    const off = offOnPurpose.get(fn);
    if (off) {
      report("function-not-served", fn.module, fn.id?.node ?? fn.call, `Function ${name} is not in any serve() functions list; it looks switched off on purpose (${off}).`, undefined, "info");
      continue;
    }
    const list = cyclic.get(fn);
    // Said because adding it by hand closes the same cycle.
    const why = list
      ? ` Its module loads ${list}, which holds the list: importing it there makes an import cycle that fails at start-up. Move what it takes from ${list} (the client) into a file of its own, then list it.`
      : "";
    report("function-not-served", fn.module, fn.id?.node ?? fn.call, `Function ${name} is not in any serve() functions list.${why}`, registration?.covered.has(fn) ? registration.fix : undefined);
  }
};
