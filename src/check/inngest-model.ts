import type * as t from "@babel/types";
import { ModuleGraph, propertyName, unwrap, type Module } from "./module-graph.ts";
import { isFunction, type Binding } from "./scope.ts";
import { ServeRecognizer } from "./serve-entries.ts";

/**
 * The Inngest code of a project, found by following bindings (not names): clients created with
 * `new Inngest()`, functions created by their `createFunction`, the steps of each handler,
 * `send()` calls and `serve()` / `connect()` handlers.
 */

export interface StepCall {
  call: t.CallExpression;
  /** `run`, `sleep`, `waitForEvent`, `ai.wrap`… */
  method: string;
}

export interface Handler {
  module: Module;
  node: t.Function;
  role: "handler" | "onFailure";
  steps: StepCall[];
}

export interface InngestFunction {
  module: Module;
  call: t.CallExpression;
  /** Identifies the app: functions of different clients may share ids. */
  client: string;
  options?: t.ObjectExpression;
  /** The function's id, when it is a literal. */
  id?: { value: string; node: t.Node };
  handlers: Handler[];
}

export interface ServeCall {
  module: Module;
  /** The call; for a custom handler no call of the project uses, its `new InngestCommHandler`. */
  call: t.CallExpression | t.NewExpression;
  /** How it serves (see serve-entries.ts); `unknown`: check cannot tell whether it serves. */
  kind: "serve" | "connect" | "plugin" | "agentkit" | "custom" | "unknown";
  options?: t.ObjectExpression;
  /** The `functions` expressions given (one per app for `connect`). */
  functionLists: t.Node[];
  /** The lists are known even when there are none (AgentKit given only agents). */
  listsKnown?: boolean;
  /** False for a call that only may serve; `reason` says why check thinks so. */
  certain: boolean;
  reason?: string;
}

export interface ModuleCall {
  module: Module;
  call: t.CallExpression;
}

export interface InngestModel {
  graph: ModuleGraph;
  clients: { module: Module; node: t.NewExpression }[];
  functions: InngestFunction[];
  serves: ServeCall[];
  sends: ModuleCall[];
}

export const isInngestSource = (source: string) => source === "inngest" || source.startsWith("inngest/");

/** A property of an object literal: its value, or `open` when a spread may hide it. */
export function getProperty(object: t.ObjectExpression, name: string): { value?: t.Node; key?: t.Node; open: boolean } {
  let open = false;
  for (const p of object.properties) {
    if (p.type === "SpreadElement") {
      open = true;
      continue;
    }
    const key = p.computed ? (p.key.type === "StringLiteral" ? p.key.value : undefined) : p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
    if (key === name) return { value: p.type === "ObjectProperty" ? p.value : p, key: p.key, open };
  }
  return { open };
}

/** The text of a string literal, or of a template literal without placeholders. */
export function staticString(node: t.Node | undefined): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === "StringLiteral") return n.value;
  if (n.type === "TemplateLiteral" && n.expressions.length === 0) return n.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

export const contains = (outer: t.Node, inner: t.Node) => outer.start! <= inner.start! && inner.end! <= outer.end!;

export function buildModel(graph: ModuleGraph): InngestModel {
  const model: InngestModel = { graph, clients: [], functions: [], serves: [], sends: [] };
  const serveRecognizer = new ServeRecognizer(graph);

  const external = (module: Module, node: t.Node) => {
    const def = graph.define(module, node);
    return def.kind === "external" ? def : undefined;
  };
  const isInngestClass = (module: Module, callee: t.Node) => {
    const e = external(module, callee);
    return e?.source === "inngest" && e.name === "Inngest";
  };

  /** `opaque`: may be a client we cannot see, with where it comes from. */
  type ClientRef = { kind: "client"; key: string } | { kind: "opaque"; key: string; from: "package" | "unresolved" | "param" | "global"; source?: string } | { kind: "none" };
  /** Whether an expression is an Inngest client, may be one we cannot see, or is certainly not one. */
  const classifyClient = (module: Module, expression: t.Node): ClientRef => {
    const node = unwrap(expression);
    if (node.type === "NewExpression") return isInngestClass(module, node.callee) ? { kind: "client", key: `${module.rel}:${node.start}` } : { kind: "none" };
    const def = graph.define(module, node);
    if (def.kind === "binding" || def.kind === "expression") {
      const value = graph.valueOf(def);
      const v = value && unwrap(value.node);
      if (value && v?.type === "NewExpression" && isInngestClass(value.module, v.callee)) return { kind: "client", key: `${value.module.rel}:${v.start}` };
      // A client handed to a factory function: it may well be one.
      if (def.kind === "binding" && def.binding.kind === "param") return { kind: "opaque", key: `param:${module.rel}:${def.binding.id.start}`, from: "param" };
      return { kind: "none" };
    }
    if (def.kind === "external") return isInngestSource(def.source) ? { kind: "none" } : { kind: "opaque", key: `${def.source}#${def.name}`, from: "package", source: def.source };
    // An import we cannot follow (a file we skip, an alias we cannot expand) may be a client;
    // any other expression we cannot evaluate (`res.type("html")`, `this.x`) is not taken as one.
    if (def.kind === "unknown") return importedFromUnknown(module, node) ? { kind: "opaque", key: "unresolved", from: "unresolved" } : { kind: "none" };
    if (def.kind === "global") return { kind: "opaque", key: `global:${def.name}`, from: "global" };
    return { kind: "none" };
  };

  function importedFromUnknown(module: Module, node: t.Node): boolean {
    if (node.type === "Identifier") return true;
    if (node.type !== "MemberExpression" && node.type !== "OptionalMemberExpression") return false;
    const object = unwrap(node.object);
    return (object.type === "Identifier" || object.type === "MemberExpression") && graph.define(module, object).kind === "unknown" && importedFromUnknown(module, object);
  }

  for (const module of graph.modules.values()) {
    const a = module.analysis;
    for (const node of a.news) if (isInngestClass(module, node.callee)) model.clients.push({ module, node });

    for (const call of a.calls) {
      const callee = unwrap(call.callee);
      const method = propertyName(callee);
      if (method === "createFunction" && (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression")) {
        const client = classifyClient(module, callee.object);
        if (client.kind !== "none") model.functions.push(describeFunction(module, call, client.key));
        continue;
      }
      if (method === "send" && (callee.type === "MemberExpression" || callee.type === "OptionalMemberExpression")) {
        const client = classifyClient(module, callee.object);
        // `res.send()`, `sgMail.send()` and friends are everywhere: only a known client, an import
        // of the project we cannot follow, or one from a package named after Inngest (a shared client).
        const mayBeClient = client.kind === "opaque" && (client.from === "unresolved" || (client.from === "package" && client.source!.includes("inngest")));
        if (client.kind === "client" || mayBeClient) model.sends.push({ module, call });
        continue;
      }
      const serve = serveRecognizer.recognize(module, call);
      if (serve) model.serves.push(serve);
    }
  }
  model.serves.push(...serveRecognizer.uncalledCustomHandlers());
  return model;

  function describeFunction(module: Module, call: t.CallExpression, client: string): InngestFunction {
    const args = call.arguments;
    const options = objectArgument(module, args[0]);
    const fn: InngestFunction = { module, call, client, handlers: [] };
    if (options) {
      fn.options = options;
      const id = getProperty(options, "id").value;
      const value = staticString(id);
      if (id && value !== undefined) fn.id = { value, node: id };
      const onFailure = getProperty(options, "onFailure").value;
      const failure = onFailure && functionNode(module, onFailure);
      if (failure) fn.handlers.push(describeHandler(module, failure, "onFailure"));
    }
    // v3 had (options, trigger, handler): the handler is the last argument either way.
    const last = args[args.length - 1];
    const handler = args.length >= 2 && last ? functionNode(module, last) : undefined;
    if (handler) fn.handlers.unshift(describeHandler(module, handler, "handler"));
    return fn;
  }

  /** An object literal given inline or through a const of the same module. */
  function objectArgument(module: Module, node: t.Node | undefined): t.ObjectExpression | undefined {
    if (!node) return undefined;
    const n = unwrap(node);
    if (n.type === "ObjectExpression") return n;
    if (n.type !== "Identifier") return undefined;
    const value = graph.valueOf(graph.define(module, n));
    const v = value && value.module === module ? unwrap(value.node) : undefined;
    return v?.type === "ObjectExpression" ? v : undefined;
  }

  /** A function given inline or declared in the same module. */
  function functionNode(module: Module, node: t.Node): t.Function | undefined {
    const n = unwrap(node);
    if (isFunction(n)) return n;
    if (n.type !== "Identifier") return undefined;
    const value = graph.valueOf(graph.define(module, n));
    const v = value && value.module === module ? unwrap(value.node) : undefined;
    return v && isFunction(v) ? v : undefined;
  }

  function describeHandler(module: Module, node: t.Function, role: Handler["role"]): Handler {
    const stepBindings = new Set<Binding>();
    const contextBindings = new Set<Binding>();
    const bindingOf = module.analysis.bindingOf;
    /** `{ step }`, `{ step: s }`, `{ step = x }` in a pattern. */
    const addStepFromPattern = (pattern: t.Node) => {
      if (pattern.type !== "ObjectPattern") return;
      for (const p of pattern.properties) {
        if (p.type !== "ObjectProperty") continue;
        const key = !p.computed && p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
        if (key !== "step") continue;
        const target = p.value.type === "AssignmentPattern" ? p.value.left : p.value;
        if (target.type === "Identifier") {
          const b = bindingOf.get(target);
          if (b) stepBindings.add(b);
        }
      }
    };
    const first = node.params[0];
    const param = first?.type === "AssignmentPattern" ? first.left : first;
    if (param?.type === "ObjectPattern") addStepFromPattern(param);
    else if (param?.type === "Identifier") {
      const ctx = bindingOf.get(param);
      if (ctx) {
        contextBindings.add(ctx);
        // `const { step } = ctx` in the body.
        for (const ref of ctx.refs) {
          const parent = module.analysis.parentOf.get(ref);
          if (parent?.type === "VariableDeclarator" && parent.init === ref) addStepFromPattern(parent.id);
        }
      }
    }

    const isStepObject = (object: t.Node): boolean => {
      const o = unwrap(object);
      if (o.type === "Identifier") {
        const b = bindingOf.get(o);
        return b !== undefined && stepBindings.has(b);
      }
      if ((o.type === "MemberExpression" || o.type === "OptionalMemberExpression") && propertyName(o) === "step" && o.object.type === "Identifier") {
        const b = bindingOf.get(o.object);
        return b !== undefined && contextBindings.has(b);
      }
      return false;
    };

    const steps: StepCall[] = [];
    if (stepBindings.size > 0 || contextBindings.size > 0) {
      for (const call of module.analysis.calls) {
        if (!contains(node, call)) continue;
        const callee = unwrap(call.callee);
        const name = propertyName(callee);
        if (!name || (callee.type !== "MemberExpression" && callee.type !== "OptionalMemberExpression")) continue;
        if (isStepObject(callee.object)) steps.push({ call, method: name });
        else {
          const inner = unwrap(callee.object);
          if ((inner.type === "MemberExpression" || inner.type === "OptionalMemberExpression") && propertyName(inner) === "ai" && isStepObject(inner.object)) {
            steps.push({ call, method: `ai.${name}` });
          }
        }
      }
    }
    return { module, node, role, steps };
  }
}
