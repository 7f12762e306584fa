import type * as t from "@babel/types";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import type { InngestFunction } from "../inngest-model.ts";
import type { RuleFamily } from "./context.ts";

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
  for (const fn of functions) {
    if (served.calls.has(fn.call)) continue;
    const name = fn.id ? `"${fn.id.value}"` : "created here";
    report("function-not-served", fn.module, fn.id?.node ?? fn.call, `Function ${name} is not in any serve() functions list.`);
  }
};
