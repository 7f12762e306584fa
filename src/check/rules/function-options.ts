import type * as t from "@babel/types";
import { contains, getProperty, isInngestSource, staticString, type InngestFunction } from "../inngest-model.ts";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import type { RuleFamily } from "./context.ts";
import { eventNameOf, words } from "./shared.ts";

/** Options that keep a function from flooding what it calls. */
const flowControl = ["concurrency", "throttle", "rateLimit", "singleton"];

/** Words that mark payment handling in ids, event names, step ids and called functions. */
const paymentWords = new Set(["charge", "charges", "refund", "refunds", "invoice", "invoices", "payment", "payments", "payout", "payouts", "checkout", "stripe", "paypal", "braintree", "adyen", "paddle", "lemonsqueezy"]);
/** Packages of payment providers. */
const paymentPackages = /^(?:stripe|@stripe\/|@paypal\/|braintree|@adyen\/|@paddle\/|@lemonsqueezy\/|square$)/;

const hasAny = (options: t.ObjectExpression, names: string[]) => {
  let open = false;
  for (const name of names) {
    const p = getProperty(options, name);
    if (p.value) return true;
    open ||= p.open;
  }
  // A spread may bring the option in: give it the benefit of the doubt.
  return open;
};

/** The elements of a `triggers`/`cancelOn` value (an array or a single trigger). */
const elementsOf = (value: t.Node | undefined): t.Node[] => {
  if (!value) return [];
  const v = unwrap(value);
  return v.type === "ArrayExpression" ? v.elements.filter((e): e is t.Expression => e !== null && e.type !== "SpreadElement") : [v];
};

/**
 * Whether the handler calls other services: we look for evidence, not certainty. A function
 * calls out when a step callback (step.run, step.ai.wrap) calls something imported (a service
 * module, an SDK client) or `fetch`, directly or through a helper of the same file (one level
 * deep); or when it uses step.fetch or step.ai.*. Handlers that only sleep, wait, send events or
 * compute locally are not flagged.
 */
function callsOut(graph: ModuleGraph, fn: InngestFunction): boolean {
  const handler = fn.handlers.find((h) => h.role === "handler");
  if (!handler) return false;
  if (handler.steps.some((s) => s.method === "fetch" || s.method.startsWith("ai."))) return true;
  const module = handler.module;

  const isOutsideCall = (m: Module, callee: t.Node, depth: number): boolean => {
    let root = unwrap(callee);
    while (root.type === "MemberExpression" || root.type === "OptionalMemberExpression" || root.type === "CallExpression") root = unwrap(root.type === "CallExpression" ? root.callee : root.object);
    if (root.type !== "Identifier") return false;
    const binding = m.analysis.bindingOf.get(root);
    if (!binding) return root.name === "fetch";
    if (binding.kind === "import") return !isInngestSource(binding.import!.source);
    if (depth > 0) {
      const value = graph.valueOf({ kind: "binding", module: m, binding });
      if (value) return callsInside(value.module, value.node, depth - 1);
    }
    return false;
  };
  const callsInside = (m: Module, node: t.Node, depth: number): boolean => {
    const n = unwrap(node);
    if (n.type === "Identifier") return isOutsideCall(m, n, depth);
    return m.analysis.calls.some((c) => contains(n, c) && isOutsideCall(m, c.callee, depth));
  };
  // step.run's callback, inline or named (`step.run("sync", syncAccounts)`).
  const callbacks = handler.steps.filter((s) => s.method === "run" && s.call.arguments[1]).map((s) => s.call.arguments[1]!);
  return callbacks.some((cb) => callsInside(module, cb, 1));
}

/** Why a function looks like it handles payments, or undefined. */
function paymentEvidence(graph: ModuleGraph, fn: InngestFunction): string | undefined {
  const match = (text: string | undefined) => text !== undefined && words(text).some((w) => paymentWords.has(w));
  if (fn.id && match(fn.id.value)) return `its id "${fn.id.value}"`;
  const triggers = fn.options ? elementsOf(getProperty(fn.options, "triggers").value) : [];
  for (const trigger of triggers) {
    const name = eventNameOf(graph, fn.module, trigger);
    if (match(name)) return `its trigger "${name}"`;
  }
  const handler = fn.handlers.find((h) => h.role === "handler");
  if (!handler) return undefined;
  for (const step of handler.steps) {
    const id = staticString(step.call.arguments[0]);
    if (match(id)) return `its step "${id}"`;
  }
  for (const call of handler.module.analysis.calls) {
    if (!contains(handler.node, call)) continue;
    const callee = unwrap(call.callee);
    const name = callee.type === "Identifier" ? callee.name : propertyName(callee);
    if (name && match(name)) return `its call to ${name}()`;
  }
  for (const binding of handler.module.analysis.moduleScope.bindings.values()) {
    if (binding.import && paymentPackages.test(binding.import.source) && binding.refs.some((r) => contains(handler.node, r))) return `its use of "${binding.import.source}"`;
  }
  return undefined;
}

export const functionOptionRules: RuleFamily = ({ model, graph, report }) => {
  for (const fn of model.functions) {
    const { module, options } = fn;
    const where = fn.id?.node ?? fn.call;
    const label = fn.id ? `Function "${fn.id.value}"` : "This function";

    if (fn.call.arguments.length === 3) {
      report("v3-three-argument-create-function", module, fn.call.arguments[1]!, "createFunction(options, trigger, handler) is the v3 form; v4 throws \"Triggers belong in the first argument\".");
    }
    if (!options) continue;

    if (!hasAny(options, ["retries"])) report("no-retry-policy", module, where, `${label} sets no \`retries\`: it relies on the default policy.`);
    if (!hasAny(options, flowControl) && callsOut(graph, fn)) {
      report("no-concurrency-limit", module, where, `${label} calls other services but sets no \`concurrency\`, \`throttle\` or \`rateLimit\`.`);
    }
    if (!hasAny(options, ["idempotency"])) {
      const evidence = paymentEvidence(graph, fn);
      if (evidence) report("payment-without-idempotency", module, where, `${label} handles payments (${evidence}) but has no \`idempotency\` key.`);
    }

    for (const trigger of elementsOf(getProperty(options, "triggers").value)) {
      const t0 = unwrap(trigger);
      const event = t0.type === "ObjectExpression" ? getProperty(t0, "event").value : t0;
      const name = staticString(event);
      if (event && name !== undefined) report("untyped-event", module, event, `Trigger on the bare event name "${name}".`);
    }
    for (const cancel of elementsOf(getProperty(options, "cancelOn").value)) {
      const c = unwrap(cancel);
      if (c.type !== "ObjectExpression") continue;
      const event = getProperty(c, "event").value;
      const name = staticString(event);
      if (event && name !== undefined) report("untyped-event", module, event, `cancelOn uses the bare event name "${name}".`);
      const match = getProperty(c, "match");
      if (match.key) report("cancel-on-match", module, match.key, "cancelOn[].match is deprecated in v4.");
    }
  }
};
