import type * as t from "@babel/types";
import { getProperty, staticString } from "../inngest-model.ts";
import { unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import type { RuleFamily } from "./context.ts";
import { ancestors, untypedEventNames, words } from "./shared.ts";

/** Step methods whose first argument is not an id. */
const idlessMethods = new Set(["fetch"]);

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
/** Ids that say nothing about the step: `step1`, `s-2`, `3`, `run`… */
const meaningless = /^(?:(?:step|s|task|job|run|action|fn|do|test|todo|foo|bar|tmp|temp)(?:-?\d+)?|\d+)$/;

/**
 * The id as written, with `${…}` placeholders kept as `${}` for display and replaced by a neutral
 * `x` for the style check (`process-${item.id}` is fine).
 */
function idPattern(node: t.Node): { shown: string; checked: string } | undefined {
  const n = unwrap(node);
  if (n.type === "StringLiteral") return { shown: n.value, checked: n.value };
  if (n.type !== "TemplateLiteral") return undefined;
  const parts = n.quasis.map((q) => q.value.cooked ?? q.value.raw);
  if (parts.every((p) => p === "")) return undefined; // only placeholders: nothing to judge
  return { shown: parts.join("${…}"), checked: parts.join("x") };
}

/** Whether two nodes sit in branches that never both run (if/else, ?:, switch cases). */
function exclusive(module: Module, a: t.Node, b: t.Node): boolean {
  const chainA = [a, ...ancestors(module, a)];
  const chainB = [b, ...ancestors(module, b)];
  const setB = new Set(chainB);
  const i = chainA.findIndex((n) => setB.has(n));
  if (i <= 0) return false;
  const common = chainA[i]!;
  const underA = chainA[i - 1]!;
  const underB = chainB[chainB.indexOf(common) - 1];
  if (!underB) return false;
  if (common.type === "IfStatement" || common.type === "ConditionalExpression") {
    return (underA === common.consequent && underB === common.alternate) || (underA === common.alternate && underB === common.consequent);
  }
  if (common.type === "SwitchStatement") return underA !== underB && underA.type === "SwitchCase" && underB.type === "SwitchCase";
  return false;
}

/**
 * A number of milliseconds: a numeric literal, arithmetic on them (`60 * 1000`), or a constant
 * holding one, in this module or imported from another (`COOLDOWN`, `TIMING.cooldown`).
 */
const isNumeric = (graph: ModuleGraph, module: Module, node: t.Node, depth = 0): boolean => {
  const n = unwrap(node);
  if (n.type === "NumericLiteral") return true;
  if (depth > 8) return false; // `const a = a * 2` and other loops
  if (n.type === "BinaryExpression" && ["*", "+", "-", "/"].includes(n.operator)) {
    return n.left.type !== "PrivateName" && isNumeric(graph, module, n.left, depth + 1) && isNumeric(graph, module, n.right, depth + 1);
  }
  if (n.type === "Identifier") {
    const def = graph.define(module, n);
    if (def.kind === "binding" && def.binding.kind !== "const") return false;
    const value = graph.valueOf(def);
    return value !== undefined && isNumeric(graph, value.module, value.node, depth + 1);
  }
  if (n.type === "MemberExpression" && !n.computed && n.property.type === "Identifier") {
    // `TIMING.cooldown` where `const TIMING = { cooldown: 20000 }` (namespace imports are identifiers above).
    const def = graph.define(module, n);
    if (def.kind !== "unknown") {
      const value = graph.valueOf(def);
      return value !== undefined && isNumeric(graph, value.module, value.node, depth + 1);
    }
    const objectDef = graph.define(module, n.object);
    if (objectDef.kind !== "binding") return false;
    // `Timing.COOL_DOWN` where `class Timing { static readonly COOL_DOWN = 20000 }`.
    const declaration = objectDef.binding.kind === "class" ? objectDef.binding.declaration : undefined;
    if (declaration?.type === "ClassDeclaration") {
      const name = n.property.name;
      const field = declaration.body.body.find((m) => m.type === "ClassProperty" && m.static && !m.computed && m.key.type === "Identifier" && m.key.name === name);
      return field?.type === "ClassProperty" && field.value != null && isNumeric(graph, objectDef.module, field.value, depth + 1);
    }
    if (objectDef.binding.kind !== "const") return false;
    const holder = graph.valueOf(objectDef);
    const object = holder && unwrap(holder.node);
    if (object?.type !== "ObjectExpression") return false;
    const property = getProperty(object, n.property.name);
    return property.value !== undefined && property.value.type !== "ObjectMethod" && isNumeric(graph, holder!.module, property.value, depth + 1);
  }
  return false;
};

export const stepRules: RuleFamily = ({ model, graph, report }) => {
  for (const fn of model.functions) {
    for (const handler of fn.handlers) {
      const { module } = handler;
      const firstUse = new Map<string, t.CallExpression[]>();
      for (const { call, method } of handler.steps) {
        const [idArg, second] = call.arguments;
        if (!idlessMethods.has(method) && idArg) {
          const id = idPattern(idArg);
          if (id && !kebab.test(id.checked)) {
            // A suggestion only for plain ids: placeholders would be guessed.
            const better = id.shown === id.checked ? words(id.checked).join("-") : "";
            report("step-id-style", module, idArg, `Step id "${id.shown}" is not kebab-case${better ? ` (try "${better}")` : ""}.`);
          } else if (id && meaningless.test(id.checked)) {
            report("step-id-style", module, idArg, `Step id "${id.shown}" does not say what the step does.`);
          }
          const literal = staticString(idArg);
          if (literal !== undefined) {
            const earlier = firstUse.get(literal) ?? [];
            if (earlier.some((e) => !exclusive(module, e, call))) {
              report(
                "duplicate-step-id",
                module,
                idArg,
                `Step id "${literal}" is also used at line ${earlier[0]!.loc?.start.line}; the SDK runs the repeat as "${literal}:1" (then ":2"…), which holds only while the steps are reached in the same order (parallel work can change it), and the run's history shows two "${literal}".`,
              );
            }
            firstUse.set(literal, [...earlier, call]);
          }
        }

        const options = second && unwrap(second);
        if (method === "waitForEvent") {
          if (!options || (options.type === "ObjectExpression" && !getProperty(options, "timeout").value && !getProperty(options, "timeout").open)) {
            report("wait-without-timeout", module, call.callee, "step.waitForEvent without a `timeout`.");
          }
          const event = options?.type === "ObjectExpression" ? getProperty(options, "event").value : undefined;
          const name = staticString(event);
          if (event && name !== undefined) report("untyped-event", module, event, `waitForEvent on the bare event name "${name}".`);
        } else if (method === "sleep" && second && isNumeric(graph, module, second)) {
          report("sleep-duration-number", module, second, "step.sleep given a number: write the duration as a string (\"30s\", \"24h\").");
        } else if (method === "invoke" && options?.type === "ObjectExpression") {
          const target = getProperty(options, "function").value;
          const id = staticString(target);
          if (target && (id !== undefined || unwrap(target).type === "TemplateLiteral")) {
            report("invoke-string-id", module, target, `step.invoke given the string${id !== undefined ? ` "${id}"` : ""} as its function.`);
          }
        } else if (method === "sendEvent") {
          for (const name of untypedEventNames(second)) report("untyped-event", module, name, `step.sendEvent with the bare event name "${staticString(name)}".`);
        }
      }
    }
  }
  for (const { module, call } of model.sends) {
    for (const name of untypedEventNames(call.arguments[0])) report("untyped-event", module, name, `send() with the bare event name "${staticString(name)}".`);
  }
};
