import type * as t from "@babel/types";
import { contains, type Handler } from "../inngest-model.ts";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import { isFunction, type Binding } from "../scope.ts";
import type { RuleFamily } from "./context.ts";
import { stepCallbacks } from "./shared.ts";

const promiseCombinators = new Set(["all", "allSettled", "race", "any"]);

const isPromiseMethod = (graph: ModuleGraph, module: Module, callee: t.Node, methods: Set<string>) => {
  const c = unwrap(callee);
  if (c.type !== "MemberExpression") return false;
  const name = propertyName(c);
  if (!name || !methods.has(name)) return false;
  const object = graph.define(module, c.object);
  return object.kind === "global" && object.name === "Promise";
};

/**
 * Whether a promise is awaited, returned, or handed on: to `Promise.all` & co. (whose result must
 * then be handled), to another function, or stored in a variable that one of those later uses.
 * A promise left in an expression statement (or `void`) is not.
 */
function isHandled(graph: ModuleGraph, module: Module, node: t.Node, seen = new Set<Binding>()): boolean {
  const parentOf = module.analysis.parentOf;
  // Climbs from the promise through the expressions that pass it along unchanged.
  for (let child: t.Node = node, parent = parentOf.get(child); parent; child = parent, parent = parentOf.get(child)) {
    switch (parent.type) {
      case "AwaitExpression":
      case "ReturnStatement":
      case "YieldExpression":
      case "ThrowStatement":
      case "ArrowFunctionExpression": // the expression body is returned
        return true;
      case "ExpressionStatement":
        return false;
      case "UnaryExpression":
        return parent.operator !== "void";
      case "SequenceExpression":
        if (parent.expressions[parent.expressions.length - 1] !== child) return false;
        break;
      case "ParenthesizedExpression":
      case "TSAsExpression":
      case "TSSatisfiesExpression":
      case "TSNonNullExpression":
      case "ArrayExpression":
      case "SpreadElement":
      case "LogicalExpression":
        break;
      case "ConditionalExpression":
        if (parent.test === child) return true;
        break;
      case "CallExpression":
        // Promise.all([...]) is handled only if its own result is; any other call takes the promise over.
        if (parent.callee !== child && isPromiseMethod(graph, module, parent.callee, promiseCombinators)) break;
        return true;
      case "MemberExpression": {
        if (parent.object !== child) return true; // used as a computed key
        const name = propertyName(parent);
        const call = parentOf.get(parent);
        if ((name === "then" || name === "catch" || name === "finally") && call?.type === "CallExpression" && call.callee === parent) {
          parent = call; // `p.then(…)` is a promise too: climb to the call
          break;
        }
        // `promise.someField`: the value was wanted, but this is still the promise.
        return false;
      }
      case "VariableDeclarator":
        return parent.init === child && parent.id.type === "Identifier" ? isBindingHandled(graph, module, parent.id, seen) : true;
      case "AssignmentExpression":
        return parent.right === child && parent.left.type === "Identifier" ? isBindingHandled(graph, module, parent.left, seen) : true;
      default:
        return true;
    }
  }
  return true;
}

/** A variable holding a promise is fine when one of its later uses handles it. */
function isBindingHandled(graph: ModuleGraph, module: Module, id: t.Identifier, seen: Set<Binding>): boolean {
  const binding = module.analysis.bindingOf.get(id);
  if (!binding) return true;
  if (seen.has(binding)) return false;
  seen.add(binding);
  return binding.refs.some((ref) => ref !== id && isHandled(graph, module, ref, seen));
}

/** Calls whose value differs on every run, and so on every replay. */
function nonDeterministic(graph: ModuleGraph, module: Module, node: t.CallExpression | t.NewExpression): string | undefined {
  const callee = unwrap(node.callee);
  if (node.type === "NewExpression") {
    const def = graph.define(module, callee);
    return def.kind === "global" && def.name === "Date" && node.arguments.length === 0 ? "new Date()" : undefined;
  }
  if (callee.type === "Identifier") {
    const def = graph.define(module, callee);
    return def.kind === "external" && (def.source === "crypto" || def.source === "node:crypto") && def.name === "randomUUID" ? "randomUUID()" : undefined;
  }
  if (callee.type !== "MemberExpression") return undefined;
  const method = propertyName(callee);
  const object = graph.define(module, callee.object);
  const objectName = object.kind === "global" ? object.name : object.kind === "external" && (object.source === "crypto" || object.source === "node:crypto") && (object.name === "default" || object.name === "*") ? "crypto" : undefined;
  const text = `${objectName}.${method}`;
  return text === "Date.now" || text === "Math.random" || text === "crypto.randomUUID" ? `${text}()` : undefined;
}

/**
 * Whether a node runs as part of the handler's own (replayed) code: not inside a step callback,
 * and not inside a helper declared in the handler (it may only be called from a step).
 */
function runsInHandler(module: Module, handler: Handler, node: t.Node, callbacks: t.Function[]): boolean {
  if (callbacks.some((cb) => contains(cb, node))) return false;
  for (let p = module.analysis.parentOf.get(node); p && p !== handler.node; p = module.analysis.parentOf.get(p)) {
    if (!isFunction(p)) continue;
    const holder = module.analysis.parentOf.get(p);
    if (p.type === "FunctionDeclaration" || holder?.type === "VariableDeclarator") return false;
  }
  return true;
}

/** The identifiers whose value an assignment or update changes: `x`, and `x` in `x.a.b = …`. */
function writtenRoots(write: t.AssignmentExpression | t.UpdateExpression): t.Identifier[] {
  const target = write.type === "AssignmentExpression" ? write.left : write.argument;
  const roots: t.Identifier[] = [];
  const visit = (n: t.Node) => {
    if (n.type === "Identifier") roots.push(n);
    else if (n.type === "MemberExpression") {
      let o: t.Node = n;
      while (o.type === "MemberExpression") o = unwrap(o.object);
      if (o.type === "Identifier") roots.push(o);
    } else if (n.type === "ObjectPattern") for (const p of n.properties) visit(p.type === "RestElement" ? p.argument : p.value);
    else if (n.type === "ArrayPattern") for (const e of n.elements) e && visit(e);
    else if (n.type === "AssignmentPattern") visit(n.left);
    else if (n.type === "RestElement") visit(n.argument);
  };
  visit(target);
  return roots;
}

export const durableRules: RuleFamily = ({ model, graph, report }) => {
  for (const fn of model.functions) {
    for (const handler of fn.handlers) {
      const { module } = handler;
      const callbacks = stepCallbacks(handler);

      for (const step of handler.steps) {
        const outer = callbacks.find((cb) => contains(cb, step.call));
        if (outer) report("nested-step", module, step.call.callee, `step.${step.method}() inside another step's callback.`);
        if (!isHandled(graph, module, step.call)) report("unawaited-step", module, step.call.callee, `step.${step.method}() is not awaited.`);
      }

      for (const cb of callbacks) {
        for (const write of module.analysis.writes) {
          if (!contains(cb, write)) continue;
          for (const root of writtenRoots(write)) {
            const binding = module.analysis.bindingOf.get(root);
            // Declared in the handler, outside this callback.
            if (binding && contains(handler.node, binding.scope.node) && !contains(cb, binding.scope.node)) {
              report("step-closure-mutation", module, root, `"${root.name}" is declared outside the step and changed inside it; a replay skips the step and loses the change.`);
            }
          }
        }
      }

      const candidates: (t.CallExpression | t.NewExpression)[] = [...module.analysis.calls, ...module.analysis.news];
      for (const node of candidates) {
        if (!contains(handler.node, node)) continue;
        // Without steps there is no replay: each attempt starts afresh, so the value is fine.
        const what = handler.steps.length > 0 ? nonDeterministic(graph, module, node) : undefined;
        if (what && runsInHandler(module, handler, node, callbacks)) {
          report("non-deterministic-outside-step", module, node, `${what} outside a step gives a different value on every replay.`);
        }
        if (node.type === "CallExpression" && isPromiseMethod(graph, module, node.callee, new Set(["race"]))) {
          const list = node.arguments[0] && unwrap(node.arguments[0]);
          // A step given inline, or through a variable holding one (`const a = step.run(…)`).
          const holdsStep = (e: t.Node, depth = 0): boolean => {
            const n = unwrap(e);
            if (n.type === "Identifier") {
              const init = module.analysis.bindingOf.get(n)?.init;
              return init !== undefined && depth < 8 && holdsStep(init, depth + 1);
            }
            return handler.steps.some((s) => contains(n, s.call));
          };
          const racesSteps = list?.type === "ArrayExpression" && list.elements.some((e) => e !== null && holdsStep(e));
          if (racesSteps) report("promise-race-steps", module, node.callee, "Promise.race over steps waits for all of them in v4.");
        }
      }
    }
  }

  for (const { module, call } of model.sends) {
    if (!isHandled(graph, module, call)) report("unawaited-send", module, call.callee, "send() is not awaited.");
  }
};
