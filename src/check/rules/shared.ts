import type * as t from "@babel/types";
import { getProperty, staticString, type Handler } from "../inngest-model.ts";
import { unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import { isFunction } from "../scope.ts";

const isLower = (c: string) => c !== c.toUpperCase() || (c >= "0" && c <= "9");

/** `chargeOrder` → ["charge", "order"]; `stripe/event.received` → ["stripe", "event", "received"]. */
export function words(text: string): string[] {
  const out: string[] = [];
  let current = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const lower = c.toLowerCase();
    const isLetterOrDigit = lower !== c.toUpperCase() || (c >= "0" && c <= "9");
    if (!isLetterOrDigit) {
      if (current) out.push(current);
      current = "";
    } else if (c !== lower && current && (isLower(text[i - 1]!) || (i + 1 < text.length && isLower(text[i + 1]!)))) {
      // A capital starts a word after a lower-case letter (chargeOrder) or before one (HTMLParser).
      out.push(current);
      current = lower;
    } else current += lower;
  }
  if (current) out.push(current);
  return out;
}

/** The callbacks whose work a step saves: step.run's and step.ai.wrap's functions. */
export function stepCallbacks(handler: Handler): t.Function[] {
  const out: t.Function[] = [];
  for (const step of handler.steps) {
    if (step.method !== "run" && step.method !== "ai.wrap") continue;
    const fn = step.call.arguments[1];
    if (fn && isFunction(unwrap(fn))) out.push(unwrap(fn) as t.Function);
  }
  return out;
}

/** The name of an event given as a string, `{ event }`, or an `eventType("name")` definition. */
export function eventNameOf(graph: ModuleGraph, module: Module, node: t.Node): string | undefined {
  const n = unwrap(node);
  const literal = staticString(n);
  if (literal !== undefined) return literal;
  if (n.type === "ObjectExpression") {
    const event = getProperty(n, "event").value;
    return event ? eventNameOf(graph, module, event) : undefined;
  }
  if (n.type !== "Identifier" && n.type !== "MemberExpression") return undefined;
  const value = graph.valueOf(graph.define(module, n));
  const v = value && unwrap(value.node);
  if (v?.type !== "CallExpression") return undefined;
  const callee = graph.define(value!.module, v.callee);
  if (callee.kind === "external" && callee.source === "inngest" && callee.name === "eventType") return staticString(v.arguments[0]);
  return undefined;
}

/** Inngest's own events (`inngest/function.failed`, …): the SDK names them; there is no eventType to write. */
export const isInngestEvent = (name: string) => name.startsWith("inngest/");

/** An object literal with a bare string `name` (an untyped event payload), or those of an array of them. */
export function untypedEventNames(node: t.Node | undefined): t.Node[] {
  if (!node) return [];
  const n = unwrap(node);
  if (n.type === "ArrayExpression") return n.elements.flatMap((e) => (e && e.type !== "SpreadElement" ? untypedEventNames(e) : []));
  if (n.type !== "ObjectExpression") return [];
  const name = getProperty(n, "name").value;
  const text = name && staticString(name);
  return name && text !== undefined && !isInngestEvent(text) ? [name] : [];
}

/** The chain of ancestors of a node, nearest first. */
export function ancestors(module: Module, node: t.Node): t.Node[] {
  const out: t.Node[] = [];
  for (let p = module.analysis.parentOf.get(node); p; p = module.analysis.parentOf.get(p)) out.push(p);
  return out;
}
