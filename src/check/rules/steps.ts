import type * as t from "@babel/types";
import { getProperty, staticString } from "../inngest-model.ts";
import { unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import { isFunction } from "../scope.ts";
import type { RuleFamily } from "./context.ts";
import { ancestors, isInngestEvent, untypedEventNames, words } from "./shared.ts";
import { addFirstProperty, fileChange, quoteOf, stringLiteral, type Fix } from "../fixes.ts";

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

/** A statement after which nothing below it runs: `return`, `throw`, or a block or if/else whose every path ends so. */
function alwaysExits(statement: t.Node): boolean {
  if (statement.type === "ReturnStatement" || statement.type === "ThrowStatement") return true;
  if (statement.type === "BlockStatement") return statement.body.some(alwaysExits);
  if (statement.type === "IfStatement") return statement.alternate != null && alwaysExits(statement.consequent) && alwaysExits(statement.alternate);
  return false;
}

/**
 * Whether two nodes sit in branches that never both run: if/else, ?:, switch cases, or an `if`
 * branch that ends in `return`/`throw` and what follows that `if` in the same block.
 */
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
  if (common.type === "BlockStatement" || common.type === "Program") {
    const body: t.Node[] = common.body;
    // The earlier one ends the run from a branch inside its statement: the later never follows it.
    const [first, chain] = body.indexOf(underA) < body.indexOf(underB) ? [underA, chainA] : [underB, chainB];
    for (let i = chain.indexOf(first); i > 0; i--) {
      const node = chain[i]!;
      if (isFunction(node)) return false; // a return in a callback ends only the callback
      const branch = chain[i - 1]!;
      if (node.type === "IfStatement" && (branch === node.consequent || branch === node.alternate) && alwaysExits(branch)) return true;
    }
  }
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

/** The value of arithmetic on number literals written in place (`60 * 60 * 1000`); undefined for anything else. */
function literalNumber(node: t.Node): number | undefined {
  const n = unwrap(node);
  if (n.type === "NumericLiteral") return n.value;
  if (n.type !== "BinaryExpression" || n.left.type === "PrivateName") return undefined;
  const left = literalNumber(n.left);
  const right = literalNumber(n.right);
  if (left === undefined || right === undefined) return undefined;
  return n.operator === "*" ? left * right : n.operator === "+" ? left + right : n.operator === "-" ? left - right : n.operator === "/" ? left / right : undefined;
}

/** Units the `ms` package (which the SDK reads duration strings with) parses, largest first. */
const durationUnits: [string, number][] = [["w", 604_800_000], ["d", 86_400_000], ["h", 3_600_000], ["m", 60_000], ["s", 1000]];

/**
 * The duration string the SDK turns into the same wait as `milliseconds`: whole seconds only (the
 * SDK drops the rest of a number and `ms` reads no "1m30s"), in the largest unit dividing it.
 */
export function durationString(milliseconds: number): string | undefined {
  if (!Number.isSafeInteger(milliseconds) || milliseconds <= 0 || milliseconds % 1000 !== 0) return undefined;
  const [unit, size] = durationUnits.find(([, size]) => milliseconds % size === 0)!;
  return `${milliseconds / size}${unit}`;
}

/** The safe fix of a duration written as milliseconds in place: the same wait, as a string. */
function durationFix(module: Module, node: t.Node, stepId: t.Node | undefined): Fix | undefined {
  const value = literalNumber(node);
  const duration = value !== undefined ? durationString(value) : undefined;
  if (!duration) return undefined;
  // In the quotes of the step's id beside it: the file's own.
  const id = stepId && unwrap(stepId);
  const literal = stringLiteral(duration, id?.type === "StringLiteral" ? quoteOf(module.text, id) : '"');
  return { kind: "safe", description: `Write ${module.text.slice(node.start!, node.end!)} ms as "${duration}".`, changes: [fileChange(module.rel, module.text, [{ at: node.start!, remove: node.end! - node.start!, insert: literal }])] };
}

/** How long a wait without a timeout is given by the suggestion: a week, as the rule's hint says. */
const suggestedWaitTimeout = "7d";

export const stepRules: RuleFamily = ({ model, graph, report }) => {
  for (const fn of model.functions) {
    for (const handler of fn.handlers) {
      const { module } = handler;
      const firstUse = new Map<string, t.CallExpression[]>();
      // Ids a renamed step may not take: every literal id of this handler.
      const takenIds = new Set(handler.steps.map((s) => staticString(s.call.arguments[0])).filter((id): id is string => id !== undefined));
      for (const { call, method } of handler.steps) {
        const [idArg, second] = call.arguments;
        if (!idlessMethods.has(method) && idArg) {
          const id = idPattern(idArg);
          if (id && !kebab.test(id.checked)) {
            // A suggestion only for plain ids: placeholders would be guessed.
            const better = id.shown === id.checked ? words(id.checked).join("-") : "";
            const renamed = better && !takenIds.has(better) && unwrap(idArg).type === "StringLiteral" ? better : undefined;
            if (renamed) takenIds.add(renamed);
            const fix: Fix | undefined = renamed
              ? {
                  kind: "suggestion",
                  description: `Rename step "${id.shown}" to "${renamed}".`,
                  risk: "Runs in flight find a step's saved result by its id: each of them runs this step again (and the steps after it that depend on its order).",
                  changes: [fileChange(module.rel, module.text, [{ at: unwrap(idArg).start!, remove: unwrap(idArg).end! - unwrap(idArg).start!, insert: stringLiteral(renamed, quoteOf(module.text, unwrap(idArg))) }])],
                }
              : undefined;
            report("step-id-style", module, idArg, `Step id "${id.shown}" is not kebab-case${better ? ` (try "${better}")` : ""}.`, fix);
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
            const fix: Fix | undefined =
              options?.type === "ObjectExpression"
                ? {
                    kind: "suggestion",
                    description: `Give the wait a timeout of ${suggestedWaitTimeout}.`,
                    risk: `After ${suggestedWaitTimeout} the step resolves to null: the code after it must handle null, and a wait that needs longer must say so.`,
                    changes: [fileChange(module.rel, module.text, addFirstProperty(module.text, options, `timeout: ${stringLiteral(suggestedWaitTimeout, quoteOf(module.text, getProperty(options, "event").value ?? options))}`))],
                  }
                : undefined;
            report("wait-without-timeout", module, call.callee, "step.waitForEvent without a `timeout`.", fix);
          }
          const timeout = options?.type === "ObjectExpression" ? getProperty(options, "timeout").value : undefined;
          if (timeout && timeout.type !== "ObjectMethod" && isNumeric(graph, module, timeout)) {
            report("sleep-duration-number", module, timeout, "step.waitForEvent's timeout given a number: write the duration as a string (\"30s\", \"24h\").", durationFix(module, timeout, idArg));
          }
          const event = options?.type === "ObjectExpression" ? getProperty(options, "event").value : undefined;
          const name = staticString(event);
          if (event && name !== undefined && !isInngestEvent(name)) report("untyped-event", module, event, `waitForEvent on the bare event name "${name}".`);
        } else if (method === "sleep" && second && isNumeric(graph, module, second)) {
          report("sleep-duration-number", module, second, "step.sleep given a number: write the duration as a string (\"30s\", \"24h\").", durationFix(module, second, idArg));
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
