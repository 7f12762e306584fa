import type * as t from "@babel/types";
import { ModuleGraph, propertyName, unwrap, type Module } from "./module-graph.ts";
import { forEachChild, isFunction, type Binding } from "./scope.ts";
import { objectArgument as objectArgumentIn, ServeRecognizer } from "./serve-entries.ts";

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
  /** Whether it is certainly Inngest's: a client we can see, or a call shaped like Inngest's. */
  certain: boolean;
  /**
   * Created inside a function or class that others call (a factory, a NestJS service, an
   * execution engine): whoever calls it decides where the function is served.
   */
  inFactory: boolean;
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

/** Inngest code that check found but cannot analyse, and why: reported, never passed silently. */
export interface SkippedCode {
  module: Module;
  node: t.Node;
  reason: string;
}

export interface InngestModel {
  graph: ModuleGraph;
  clients: { module: Module; node: t.NewExpression }[];
  functions: InngestFunction[];
  serves: ServeCall[];
  sends: ModuleCall[];
  skipped: SkippedCode[];
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
  const model: InngestModel = { graph, clients: [], functions: [], serves: [], sends: [], skipped: [] };
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
    const key = clientKeyOf(module, node);
    if (key) return { kind: "client", key };
    if (node.type === "NewExpression") return { kind: "none" };
    const def = graph.define(module, node);
    if (def.kind === "binding" || def.kind === "expression") {
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

  /**
   * The client an expression evaluates to, as a key (where its `new Inngest()` is): followed
   * through consts, lazily created singletons (`app ??= new Inngest()`, `if (!app) app = new
   * Inngest()`), helpers that return one (`getInngestApp()`), `a ?? new Inngest()`, and class
   * fields (`this.client`, set in the class or declared with the type `Inngest`).
   */
  function clientKeyOf(module: Module, expression: t.Node, depth = 0): string | undefined {
    if (depth > 6) return undefined;
    const node = unwrap(expression);
    switch (node.type) {
      case "NewExpression":
        return isInngestClass(module, node.callee) ? `${module.rel}:${node.start}` : undefined;
      case "LogicalExpression":
        return clientKeyOf(module, node.right, depth + 1) ?? clientKeyOf(module, node.left, depth + 1);
      case "ConditionalExpression":
        return clientKeyOf(module, node.consequent, depth + 1) ?? clientKeyOf(module, node.alternate, depth + 1);
      case "AssignmentExpression":
        return clientKeyOf(module, node.right, depth + 1);
      case "CallExpression": {
        const value = graph.valueOf(graph.define(module, node.callee));
        const fn = value && unwrap(value.node);
        if (!value || !fn || !isFunction(fn)) return undefined;
        for (const returned of returnedExpressions(fn)) {
          const key = clientKeyOf(value.module, returned, depth + 1);
          // A helper that builds a new client on every call (`makeClient(id)`) gives one client per
          // call; one that keeps it (`app ??= new Inngest()`) gives the same one to every caller.
          if (key) return unwrap(returned).type === "NewExpression" ? `${module.rel}:${node.start}` : key;
        }
        return undefined;
      }
      case "MemberExpression":
      case "OptionalMemberExpression":
        if (unwrap(node.object).type === "ThisExpression") return classFieldClient(module, node, depth);
        break;
      case "Identifier":
        break;
      default:
        return undefined;
    }
    const def = graph.define(module, node);
    const value = graph.valueOf(def);
    if (value) return clientKeyOf(value.module, value.node, depth + 1);
    if (def.kind !== "binding") return undefined;
    // A variable assigned later (`let app; … app = new Inngest()`): what is assigned to it.
    for (const write of def.module.analysis.writes) {
      if (write.type !== "AssignmentExpression" || write.left.type !== "Identifier" || def.module.analysis.bindingOf.get(write.left) !== def.binding) continue;
      const key = clientKeyOf(def.module, write.right, depth + 1);
      if (key) return key;
    }
    return isInngestType(def.module, def.binding.id.typeAnnotation) ? `${def.module.rel}:typed:${def.binding.id.start}` : undefined;
  }

  /** `this.client` inside a class: the field's value, what the class assigns to it, or its declared type. */
  function classFieldClient(module: Module, member: t.MemberExpression | t.OptionalMemberExpression, depth: number): string | undefined {
    const name = member.property.type === "PrivateName" ? `#${member.property.id.name}` : propertyName(member);
    if (!name) return undefined;
    let owner: t.Node | undefined = module.analysis.parentOf.get(member);
    while (owner && owner.type !== "ClassBody") owner = module.analysis.parentOf.get(owner);
    if (!owner || owner.type !== "ClassBody") return undefined;
    const classBody = owner;
    const keyName = (key: t.Node) => (key.type === "Identifier" ? key.name : key.type === "PrivateName" ? `#${key.id.name}` : key.type === "StringLiteral" ? key.value : undefined);
    let typed = false;
    for (const member of classBody.body) {
      if ((member.type === "ClassProperty" || member.type === "ClassPrivateProperty") && keyName(member.key) === name) {
        if (member.value) {
          const key = clientKeyOf(module, member.value, depth + 1);
          if (key) return key;
        }
        typed ||= isInngestType(module, member.typeAnnotation);
      }
      // constructor(private readonly client: Inngest)
      if (member.type === "ClassMethod" && member.kind === "constructor") {
        for (const param of member.params) {
          if (param.type !== "TSParameterProperty") continue;
          const p = param.parameter.type === "AssignmentPattern" ? param.parameter.left : param.parameter;
          if (p.type === "Identifier" && p.name === name) typed ||= isInngestType(module, p.typeAnnotation);
        }
      }
    }
    for (const write of module.analysis.writes) {
      if (write.type !== "AssignmentExpression" || !contains(classBody, write)) continue;
      const left = write.left;
      if ((left.type === "MemberExpression" || left.type === "OptionalMemberExpression") && unwrap(left.object).type === "ThisExpression") {
        const leftName = left.property.type === "PrivateName" ? `#${left.property.id.name}` : propertyName(left);
        if (leftName !== name) continue;
        const key = clientKeyOf(module, write.right, depth + 1);
        if (key) return key;
      }
    }
    return typed ? `${module.rel}:field:${classBody.start}:${name}` : undefined;
  }

  /** Whether a type annotation names the `Inngest` class of the SDK (alone or in a union). */
  function isInngestType(module: Module, annotation: t.Node | null | undefined): boolean {
    if (!annotation || annotation.type === "Noop") return false;
    const type = annotation.type === "TSTypeAnnotation" ? annotation.typeAnnotation : annotation;
    if (type.type === "TSUnionType") return type.types.some((member) => isInngestType(module, member));
    if (type.type !== "TSTypeReference") return false;
    const name = type.typeName;
    // Type-only imports declare no binding: read the import declarations themselves.
    const importOf = (local: string) => {
      for (const s of module.analysis.program.body) {
        if (s.type !== "ImportDeclaration") continue;
        const spec = s.specifiers.find((sp) => sp.local.name === local);
        if (spec) return { source: s.source.value, imported: spec.type === "ImportSpecifier" ? (spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value) : "*" };
      }
      return undefined;
    };
    if (name.type === "Identifier") {
      const imported = importOf(name.name);
      return imported?.source === "inngest" && imported.imported === "Inngest";
    }
    if (name.type === "TSQualifiedName" && name.left.type === "Identifier" && name.right.name === "Inngest") return importOf(name.left.name)?.source === "inngest";
    return false;
  }

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
        if (client.kind !== "none") model.functions.push(describeFunction(module, call, client.key, client.kind === "client" || looksLikeInngestFunction(module, call)));
        else if (looksLikeInngestFunction(module, call)) {
          model.skipped.push({ module, node: call, reason: `createFunction() on ${describe(callee.object)}: cannot tell which Inngest client this is, so the function was not checked` });
        }
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

  /**
   * A `createFunction` call on something that is not a client we can see, shaped like Inngest's
   * (options, then a handler taking `{ step }` or `{ event }`) in a file that uses Inngest.
   */
  function looksLikeInngestFunction(module: Module, call: t.CallExpression): boolean {
    const args = call.arguments;
    if (args.length < 2 || args.length > 3) return false;
    const usesInngest = [...module.analysis.moduleScope.bindings.values()].some((b) => b.import && (isInngestSource(b.import.source) || b.import.source.startsWith("@inngest/")));
    const handler = unwrap(args[args.length - 1]!);
    const first = isFunction(handler) ? handler.params[0] : undefined;
    const pattern = first?.type === "AssignmentPattern" ? first.left : first;
    const takesStep =
      pattern?.type === "ObjectPattern" &&
      pattern.properties.some((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && (p.key.name === "step" || p.key.name === "event"));
    return takesStep || (usesInngest && unwrap(args[0]!).type === "ObjectExpression");
  }

  /** Whether a call sits in a class, or in a function someone calls later (not a callback run in place). */
  function insideFactory(module: Module, node: t.Node): boolean {
    for (let p = module.analysis.parentOf.get(node); p; p = module.analysis.parentOf.get(p)) {
      if (p.type === "ClassBody" || p.type === "FunctionDeclaration" || p.type === "ObjectMethod" || p.type === "ClassMethod") return true;
      if (p.type !== "ArrowFunctionExpression" && p.type !== "FunctionExpression") continue;
      // `items.map((x) => createFunction(…))` and `(() => …)()` run where they stand; a function kept in a variable does not.
      if (module.analysis.parentOf.get(p)?.type !== "CallExpression") return true;
    }
    return false;
  }

  /** A short text for an expression, for messages: `this.client`, `getInngestApp()`, `jobs`. */
  function describe(node: t.Node): string {
    const text = (n0: t.Node): string | undefined => {
      const n = unwrap(n0);
      if (n.type === "Identifier") return n.name;
      if (n.type === "ThisExpression") return "this";
      if (n.type === "CallExpression") {
        const callee = text(n.callee);
        return callee && `${callee}()`;
      }
      if (n.type === "MemberExpression" || n.type === "OptionalMemberExpression") {
        const name = n.property.type === "PrivateName" ? `#${n.property.id.name}` : propertyName(n);
        const object = text(n.object);
        return name && object ? `${object}.${name}` : undefined;
      }
      return undefined;
    };
    const found = text(node);
    return found ? `\`${found}\`` : "an expression";
  }

  function describeFunction(module: Module, call: t.CallExpression, client: string, certain: boolean): InngestFunction {
    const args = call.arguments;
    const options = objectArgument(module, args[0]);
    const fn: InngestFunction = { module, call, client, certain, inFactory: insideFactory(module, call), handlers: [] };
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
    // Options or a handler built elsewhere (from a config object, in a loop): said, not passed.
    const unread = [
      ...(!options && args[0] && staticString(args[0]) === undefined ? [`its options (${describe(args[0])})`] : []),
      ...(!handler && last && args.length >= 2 ? [`its handler (${describe(last)})`] : []),
    ];
    if (unread.length > 0) model.skipped.push({ module, node: call, reason: `createFunction(): ${unread.join(" and ")} cannot be read here, so ${unread.length === 2 ? "they were" : "it was"} not checked` });
    return fn;
  }

  /** An object literal given inline or through a const of the same module. */
  function objectArgument(module: Module, node: t.Node | undefined): t.ObjectExpression | undefined {
    return objectArgumentIn(graph, module, node);
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

/** What a function returns: its expression body, or the argument of each of its own `return`s. */
function returnedExpressions(fn: t.Function): t.Node[] {
  if (fn.body.type !== "BlockStatement") return [fn.body];
  const out: t.Node[] = [];
  const visit = (node: t.Node) => {
    if (node.type === "ReturnStatement") {
      if (node.argument) out.push(node.argument);
      return;
    }
    if (isFunction(node) || node.type.endsWith("Expression")) return;
    forEachChild(node, visit);
  };
  visit(fn.body);
  return out;
}
