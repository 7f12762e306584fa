import type * as t from "@babel/types";
import { contains, type Handler } from "../inngest-model.ts";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import { isFunction, patternIdentifiers, type Binding } from "../scope.ts";
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
function isHandled(graph: ModuleGraph, module: Module, node: t.Node, acceptVoid: boolean, seen = new Set<Binding>()): boolean {
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
        // `void step.sleep(…).then(…)` says the step is left on purpose.
        return parent.operator === "void" ? acceptVoid : true;
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
        return parent.init === child && parent.id.type === "Identifier" ? isBindingHandled(graph, module, parent.id, acceptVoid, seen) : true;
      case "AssignmentExpression":
        return parent.right === child && parent.left.type === "Identifier" ? isBindingHandled(graph, module, parent.left, acceptVoid, seen) : true;
      default:
        return true;
    }
  }
  return true;
}

/** A variable holding a promise is fine when one of its later uses handles it. */
function isBindingHandled(graph: ModuleGraph, module: Module, id: t.Identifier, acceptVoid: boolean, seen: Set<Binding>): boolean {
  const binding = module.analysis.bindingOf.get(id);
  if (!binding) return true;
  if (seen.has(binding)) return false;
  seen.add(binding);
  return binding.refs.some((ref) => ref !== id && isHandled(graph, module, ref, acceptVoid, seen));
}

/** Packages whose functions return a new random id on every call. */
const randomIdPackages = new Map([
  ["crypto", new Set(["randomUUID"])],
  ["node:crypto", new Set(["randomUUID"])],
  ["uuid", new Set(["v1", "v4", "v6", "v7"])],
  ["nanoid", new Set(["nanoid"])],
  ["@paralleldrive/cuid2", new Set(["createId"])],
  ["ulid", new Set(["ulid"])],
]);

/** Calls whose value differs on every run, and so on every replay. */
function nonDeterministic(graph: ModuleGraph, module: Module, node: t.CallExpression | t.NewExpression): string | undefined {
  const callee = unwrap(node.callee);
  if (node.type === "NewExpression") {
    const def = graph.define(module, callee);
    return def.kind === "global" && def.name === "Date" && node.arguments.length === 0 ? "new Date()" : undefined;
  }
  if (callee.type === "Identifier" || (callee.type === "MemberExpression" && graph.define(module, callee).kind === "external")) {
    const def = graph.define(module, callee);
    if (def.kind !== "external") return undefined;
    const ids = randomIdPackages.get(def.source);
    return ids?.has(def.name) ? `${def.name === "default" || def.name === "*" ? def.source : def.name}()` : undefined;
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

const loops = new Set(["ForStatement", "ForInStatement", "ForOfStatement", "WhileStatement", "DoWhileStatement"]);
const iterating = new Set(["map", "forEach", "flatMap"]);

/**
 * What a replay can change through a value computed in the handler (outside steps), followed
 * through the variables it is stored in and the expressions built from it: a step id, a condition
 * that decides which steps run, or two places that see the value at different times (two steps,
 * a step run in a loop, a step and the function's result). A value seen by one step only (a log
 * duration, a `sendEvent` payload) is computed once for that step: nothing changes.
 */
function replayEffect(module: Module, handler: Handler, origin: t.Node): string | undefined {
  const parentOf = module.analysis.parentOf;
  const steps = new Map(handler.steps.map((s) => [s.call as t.Node, s]));
  const line = (n: t.Node) => n.loc?.start.line ?? 0;
  const runsSteps = (n: t.Node) => handler.steps.some((s) => contains(n, s.call));
  /** A step inside a loop (that does not also recompute the value) runs once per iteration. */
  const repeated = (call: t.Node) => {
    for (let p = parentOf.get(call); p && p !== handler.node; p = parentOf.get(p)) {
      if (contains(p, origin)) return false;
      if (loops.has(p.type)) return true;
      if (isFunction(p)) {
        const holder = parentOf.get(p);
        if (holder?.type === "CallExpression" && iterating.has(propertyName(unwrap(holder.callee)) ?? "")) return true;
      }
    }
    return false;
  };
  /**
   * Who sees the value, and how many times: a step in a loop counts twice, the result once. One
   * step that reads it twice (`ts + ts`) still runs once: a saved result, with whatever it read.
   */
  const observers = new Map<string, number>();
  const observe = (what: string, times = 1) => observers.set(what, Math.max(observers.get(what) ?? 0, times));
  const seen = new Set<Binding>();
  let verdict: string | undefined;
  const followBinding = (id: t.Node) => {
    for (const target of writtenTargets(id)) {
      const binding = module.analysis.bindingOf.get(target);
      if (!binding || seen.has(binding)) continue;
      seen.add(binding);
      for (const ref of binding.refs) if (ref !== target && !verdict) follow(ref);
    }
  };
  const follow = (start: t.Node): void => {
    // Once the value is used by a statement (`log(x);`), it goes no further than that statement:
    // only a step around it still sees it.
    let statementOnly = false;
    for (let child = start, parent = parentOf.get(child); parent && !verdict; child = parent, parent = parentOf.get(child)) {
      const step = steps.get(parent);
      if (step && parent.type === "CallExpression" && parent.callee !== child) {
        if (parent.arguments[0] === child && step.method !== "fetch") {
          verdict = `it is part of the id of step.${step.method}() at line ${line(parent)}, so a replay looks for a step that never ran`;
          return;
        }
        observe(`step.${step.method}() at line ${line(parent)}`, repeated(parent) ? 2 : 1);
        return;
      }
      if (parent === handler.node) {
        // An arrow's expression body is its result; a block body is not.
        if (!statementOnly && handler.node.body === child && child.type !== "BlockStatement") observe("the function's result");
        return;
      }
      if (statementOnly) continue;
      switch (parent.type) {
        case "IfStatement":
        case "ConditionalExpression":
        case "WhileStatement":
        case "DoWhileStatement":
        case "ForStatement":
          if (parent.test === child && runsSteps(parent)) verdict = `it decides which steps run (line ${line(parent)}), and a replay may decide otherwise`;
          break;
        case "SwitchStatement":
          if (parent.discriminant === child && runsSteps(parent)) verdict = `it decides which steps run (line ${line(parent)}), and a replay may decide otherwise`;
          break;
        case "LogicalExpression":
          if (parent.left === child && runsSteps(parent.right)) verdict = `it decides which steps run (line ${line(parent)}), and a replay may decide otherwise`;
          break;
        case "ReturnStatement": {
          let fn = parentOf.get(parent);
          while (fn && !isFunction(fn)) fn = parentOf.get(fn);
          if (fn === handler.node) {
            observe("the function's result");
            return;
          }
          break;
        }
        case "VariableDeclarator":
          if (parent.init === child) followBinding(parent.id);
          return;
        case "AssignmentExpression":
          if (parent.right === child) followBinding(parent.left);
          return;
        case "ExpressionStatement":
          statementOnly = true;
          break;
      }
    }
  };
  follow(origin);
  if (verdict) return verdict;
  const seenBy = [...observers.keys()];
  if ([...observers.values()].reduce((a, b) => a + b, 0) < 2) return undefined;
  const places = seenBy.length === 1 ? `${seenBy[0]}, run more than once` : `${seenBy[0]} and ${seenBy[1]}`;
  return `it reaches ${places}, which may run in different requests and then see different values`;
}

/** The identifiers a declaration or assignment target binds: `x`, `{ a, b }`, and `o` in `o.x = …`. */
function writtenTargets(target: t.Node): t.Identifier[] {
  if (target.type === "MemberExpression") {
    let o: t.Node = target;
    while (o.type === "MemberExpression") o = unwrap(o.object);
    return o.type === "Identifier" ? [o] : [];
  }
  return patternIdentifiers(target);
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
        if (!isHandled(graph, module, step.call, true)) report("unawaited-step", module, step.call.callee, `step.${step.method}() is not awaited.`);
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
        const effect = what && runsInHandler(module, handler, node, callbacks) ? replayEffect(module, handler, node) : undefined;
        if (effect) report("non-deterministic-outside-step", module, node, `${what} outside a step gives a new value on every replay: ${effect}.`);
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
          // Inside `group.parallel(..., () => Promise.race([...]))` the race is a real race (v4).
          const inRaceGroup = module.analysis.calls.some(
            (c) => c !== node && c.callee.type === "MemberExpression" && propertyName(c.callee) === "parallel" && c.arguments.some((a) => contains(a, node)),
          );
          const racesSteps = !inRaceGroup && list?.type === "ArrayExpression" && list.elements.some((e) => e !== null && holdsStep(e));
          if (racesSteps) report("promise-race-steps", module, node.callee, "Promise.race over steps waits for all of them in v4.");
        }
      }
    }
  }

  for (const { module, call } of model.sends) {
    if (!isHandled(graph, module, call, false)) report("unawaited-send", module, call.callee, "send() is not awaited.");
  }
};
