import type * as t from "@babel/types";
import { contains, getProperty, isInngestSource, staticString, type InngestFunction } from "../inngest-model.ts";
import { propertyName, unwrap, type Module, type ModuleGraph } from "../module-graph.ts";
import type { RuleFamily } from "./context.ts";
import { isFunction } from "../scope.ts";
import { isInngestEvent, words } from "./shared.ts";
import { addFirstProperty, fileChange, stringLiteral, type Fix } from "../fixes.ts";
import path from "node:path";

/**
 * The retry count a function gets when it sets none: the SDK sends no `retries`, and Inngest's
 * executor applies its default, 4 (inngest/inngest pkg/consts DefaultRetryCount; the docs say the
 * same). The SDK's own `defaultMaxRetries` (3) is only for durable endpoints run in the request.
 */
const defaultRetries = 4;
const suggestedConcurrency = 10;

/** The quote the file's strings use (its first string literal's), for a property we add. */
function fileQuote(module: Module): '"' | "'" {
  const match = /(?:from|import|require\()\s*(["'])/.exec(module.text) ?? /(["'])/.exec(module.text);
  return match?.[1] === "'" ? "'" : '"';
}

/**
 * An id for a function that has none, from what names it: its `name` option, the variable it is
 * assigned to, or (for a default export) its file. Undefined when nothing names it.
 */
function derivedFunctionId(fn: InngestFunction): string | undefined {
  const name = fn.options ? staticString(getProperty(fn.options, "name").value) : undefined;
  if (name !== undefined && words(name).length > 0) return words(name).join("-");
  const parent = fn.module.analysis.parentOf.get(fn.call);
  if (parent?.type === "VariableDeclarator" && parent.init === fn.call && parent.id.type === "Identifier") return words(parent.id.name).join("-") || undefined;
  if (parent?.type === "ExportDefaultDeclaration") {
    const base = path.basename(fn.module.rel).replace(/\.[^.]+$/, "");
    return base !== "index" ? words(base).join("-") || undefined : undefined;
  }
  return undefined;
}

/** An `event.data.<x>Id` the handler reads: the key that tells one payment from another. */
function eventIdField(fn: InngestFunction): string | undefined {
  const handler = fn.handlers.find((h) => h.role === "handler");
  if (!handler) return undefined;
  const source = handler.module.text.slice(handler.node.start!, handler.node.end!);
  const match = /\bevent\.data\.([A-Za-z_$][\w$]*(?:Id|_id|ID))\b/.exec(source);
  return match?.[1];
}

/** Options that keep a function from flooding what it calls. */
const flowControl = ["concurrency", "throttle", "rateLimit", "singleton"];

/**
 * Calls that move money, as `resource.method` of each provider's Node SDK: taking a payment,
 * refunding one, paying out, or starting a subscription that bills. Reading (retrieve, list) and
 * catalogue calls (products, prices, checkout sessions, customers) move nothing.
 */
const moneyMovingCalls = new Set([
  // stripe
  "charges.create", "charges.capture", "paymentIntents.create", "paymentIntents.confirm", "paymentIntents.capture",
  "refunds.create", "transfers.create", "transfers.createReversal", "payouts.create", "topups.create", "subscriptions.create", "invoices.pay",
  // braintree (gateway.transaction.sale…)
  "transaction.sale", "transaction.refund", "transaction.credit", "transaction.submitForSettlement", "subscription.create",
  // square (client.payments.create, and the older paymentsApi/refundsApi)
  "payments.create", "refunds.refundPayment", "paymentsApi.createPayment", "refundsApi.refundPayment",
]);
/** Packages of payment providers, and the words a variable holding one of their clients is named with. */
const paymentPackages = /^(?:stripe|braintree|square)$/;
const providerWords = new Set(["stripe", "braintree", "square"]);

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

/**
 * The first call that moves money among the handler's code and the functions it calls (two levels
 * deep, across files): `stripe.refunds.create(…)` on a client of a payment package, or on a
 * variable named after a provider. Words in ids, event names or step names are not evidence.
 */
function moneyMovingCall(graph: ModuleGraph, fn: InngestFunction): string | undefined {
  const seen = new Set<t.Node>();
  const isProviderClient = (m: Module, root: t.Node, depth = 0): boolean => {
    const r = unwrap(root);
    if (r.type === "NewExpression" || r.type === "CallExpression") {
      const def = graph.define(m, r.callee);
      return (def.kind === "external" && paymentPackages.test(def.source)) || (depth < 3 && isProviderClient(m, r.callee, depth + 1));
    }
    if (r.type !== "Identifier" && r.type !== "MemberExpression") return false;
    const name = r.type === "Identifier" ? r.name : propertyName(r);
    if (name && words(name).some((w) => providerWords.has(w))) return true;
    const def = graph.define(m, r);
    if (def.kind === "external") return paymentPackages.test(def.source);
    const value = depth < 3 ? graph.valueOf(def) : undefined;
    return value !== undefined && isProviderClient(value.module, value.node, depth + 1);
  };
  /** `a.b.refunds.create` → "refunds.create", with the expression before it. */
  const pairOf = (callee: t.Node): { pair: string; root: t.Node } | undefined => {
    const c = unwrap(callee);
    const method = propertyName(c);
    if (!method || (c.type !== "MemberExpression" && c.type !== "OptionalMemberExpression")) return undefined;
    const resource = unwrap(c.object);
    const name = propertyName(resource);
    if (!name || (resource.type !== "MemberExpression" && resource.type !== "OptionalMemberExpression")) return undefined;
    return { pair: `${name}.${method}`, root: resource.object };
  };
  const search = (m: Module, node: t.Node, depth: number): string | undefined => {
    if (seen.has(node)) return undefined;
    seen.add(node);
    for (const call of m.analysis.calls) {
      if (!contains(node, call)) continue;
      const found = pairOf(call.callee);
      if (found && moneyMovingCalls.has(found.pair) && isProviderClient(m, found.root) && !carriesIdempotencyKey(call)) return `${found.pair}()`;
      if (depth === 0) continue;
      // A helper of the project: look inside it.
      const callee = unwrap(call.callee);
      if (callee.type !== "Identifier" && callee.type !== "MemberExpression") continue;
      const value = graph.valueOf(graph.define(m, callee));
      const v = value && unwrap(value.node);
      if (v && isFunction(v)) {
        const inner = search(value!.module, v, depth - 1);
        if (inner) return inner;
      }
    }
    return undefined;
  };
  for (const handler of fn.handlers) {
    const found = search(handler.module, handler.node, 2);
    if (found) return found;
    // A step callback given by name: `step.run("refund", refundOrder)`.
    for (const step of handler.steps) {
      const cb = step.call.arguments[1];
      if (!cb || unwrap(cb).type !== "Identifier") continue;
      const value = graph.valueOf(graph.define(handler.module, cb));
      const v = value && unwrap(value.node);
      const inner = v && isFunction(v) ? search(value!.module, v, 1) : undefined;
      if (inner) return inner;
    }
  }
  return undefined;
}

/**
 * A provider call given its own idempotency key (Stripe's request options `{ idempotencyKey }`,
 * Square's `idempotencyKey` field): the provider itself refuses to move the money twice.
 */
function carriesIdempotencyKey(call: t.CallExpression): boolean {
  return call.arguments.some((a) => {
    const o = unwrap(a);
    if (o.type !== "ObjectExpression") return false;
    return getProperty(o, "idempotencyKey").value !== undefined || getProperty(o, "idempotency_key").value !== undefined;
  });
}

/** Whether every trigger of the function is a cron schedule (v4 `triggers`, or v3's second argument). */
function cronOnly(graph: ModuleGraph, fn: InngestFunction): boolean {
  const v3Trigger = fn.call.arguments.length === 3 ? fn.call.arguments[1] : undefined;
  const triggers = v3Trigger ? elementsOf(v3Trigger) : fn.options ? elementsOf(getProperty(fn.options, "triggers").value) : [];
  if (triggers.length === 0) return false;
  return triggers.every((trigger) => {
    const t0 = unwrap(trigger);
    if (t0.type === "ObjectExpression") return getProperty(t0, "cron").value !== undefined && getProperty(t0, "event").value === undefined && !getProperty(t0, "event").open;
    if (t0.type !== "CallExpression") return false;
    const callee = graph.define(fn.module, t0.callee);
    return callee.kind === "external" && isInngestSource(callee.source) && callee.name === "cron";
  });
}

/**
 * Whether an options object held in a variable gets properties after it is written:
 * `opts.retries = 5`, `opts["id"] = …`, `Object.assign(opts, …)`.
 */
function setAfterwards(module: Module, options: t.ObjectExpression): boolean {
  const { parentOf, bindingOf } = module.analysis;
  let holder = parentOf.get(options);
  while (holder && (holder.type === "TSAsExpression" || holder.type === "TSSatisfiesExpression" || holder.type === "ParenthesizedExpression")) holder = parentOf.get(holder);
  if (holder?.type !== "VariableDeclarator" || holder.id.type !== "Identifier") return false;
  const binding = bindingOf.get(holder.id);
  return Boolean(
    binding?.refs.some((ref) => {
      const parent = parentOf.get(ref);
      if (parent?.type === "MemberExpression" && parent.object === ref) {
        const write = parentOf.get(parent);
        return write?.type === "AssignmentExpression" && write.left === parent;
      }
      const callee = parent?.type === "CallExpression" && parent.arguments[0] === ref ? parent.callee : undefined;
      return callee?.type === "MemberExpression" && callee.object.type === "Identifier" && callee.object.name === "Object" && propertyName(callee) === "assign";
    }),
  );
}

export const functionOptionRules: RuleFamily = ({ model, graph, report }) => {
  // Ids a new id must differ from: every literal id of the project, and those given by fixes.
  const takenIds = new Set(model.functions.flatMap((f) => (f.id ? [f.id.value, `${f.id.value}-failure`] : [])));
  // An options object declared once and given to several createFunction calls: one id cannot
  // name them all, and a property it lacks is added once, by one fix all their findings share.
  const usersOf = new Map<t.ObjectExpression, number>();
  for (const f of model.functions) if (f.options) usersOf.set(f.options, (usersOf.get(f.options) ?? 0) + 1);
  const sharedFixes = new Map<t.ObjectExpression, Map<string, Fix>>();
  for (const fn of model.functions) {
    const { module, options } = fn;
    const where = fn.id?.node ?? fn.call;
    const label = fn.id ? `Function "${fn.id.value}"` : "This function";

    if (fn.call.arguments.length === 3) {
      report("v3-three-argument-create-function", module, fn.call.arguments[1]!, "createFunction(options, trigger, handler) is the v3 form; v4 throws \"Triggers belong in the first argument\".");
    }
    if (!options) continue;
    // Properties set on the object after it is written (`config.retries = n`): what it lacks is unknown.
    const openLater = setAfterwards(module, options);
    const lacks = (names: string[]) => !openLater && !hasAny(options, names);

    const id = getProperty(options, "id");
    // Critical only on a function that is certainly Inngest's (another SDK may have a createFunction).
    if (!id.value && !id.open && fn.certain && lacks(["id"])) {
      const name = staticString(getProperty(options, "name").value);
      const suggested = name !== undefined ? words(name).join("-") : "";
      const shown = name !== undefined ? ` (\`name: "${name}"\` is only what the dashboard shows${suggested ? `; try \`id: "${suggested}"\`` : ""})` : "";
      const base = derivedFunctionId(fn);
      let newId = usersOf.get(options) === 1 ? base : undefined;
      for (let n = 2; newId && takenIds.has(newId); n++) newId = `${base}-${n}`;
      if (newId) takenIds.add(newId);
      const fix: Fix | undefined =
        newId && fn.options
          ? { kind: "safe", description: `Give the function the id "${newId}".`, changes: [fileChange(module.rel, module.text, addFirstProperty(module.text, fn.options, `id: ${stringLiteral(newId, fileQuote(module))}`))] }
          : undefined;
      report(
        "function-missing-id",
        module,
        fn.call.arguments[0] ?? fn.call,
        `createFunction() without an \`id\`${shown}: inngest 3 and 4 register it under the app's own id, and a second function without one makes serve() fail with "Duplicate function ID".`,
        fix,
      );
    }

    const suggest = (description: string, risk: string, property: string): Fix => {
      const fixes = sharedFixes.get(options) ?? new Map<string, Fix>();
      sharedFixes.set(options, fixes);
      const name = property.slice(0, property.indexOf(":"));
      const fix = fixes.get(name) ?? { kind: "suggestion", description, risk, changes: [fileChange(module.rel, module.text, addFirstProperty(module.text, options, property))] };
      fixes.set(name, fix);
      return fix;
    };
    if (lacks(["retries"])) {
      // \`retries\` is typed 0 | 1 | … | 20: in an object declared apart from the call (or behind
      // \`satisfies\`/\`as\`), TypeScript may widen a bare 3 to number and reject the options.
      const declaredApart = fn.call.arguments[0] !== options && /\.[mc]?tsx?$/.test(module.path);
      const retries = `${defaultRetries}${declaredApart ? " as const" : ""}`;
      const fix = suggest(`Set \`retries: ${defaultRetries}\`, Inngest's default, so the policy is written down.`, `Keeps the behaviour of inngest 3 and 4 (${defaultRetries} retries by default); choose the count the function can safely repeat.`, `retries: ${retries}`);
      report("no-retry-policy", module, where, `${label} sets no \`retries\`: it relies on the default policy.`, fix);
    }
    // A schedule starts one run at a time: there is no burst of events to limit.
    if (lacks(flowControl) && !cronOnly(graph, fn) && callsOut(graph, fn)) {
      const fix = suggest(
        `Limit the function to ${suggestedConcurrency} runs at once.`,
        `Beyond ${suggestedConcurrency} runs at once, new runs wait their turn: a burst takes longer to drain; choose the limit the called service takes.`,
        `concurrency: { limit: ${suggestedConcurrency} }`,
      );
      report("no-concurrency-limit", module, where, `${label} calls other services but sets no \`concurrency\`, \`throttle\` or \`rateLimit\`.`, fix);
    }
    if (lacks(["idempotency"])) {
      const call = moneyMovingCall(graph, fn);
      const field = call ? eventIdField(fn) : undefined;
      const fix = field
        ? suggest(
            `Key the function's runs on event.data.${field}.`,
            `A second event with the same ${field} within 24 hours starts no run: right only if ${field} identifies one payment.`,
            `idempotency: ${stringLiteral(`event.data.${field}`, fileQuote(module))}`,
          )
        : undefined;
      if (call) report("payment-without-idempotency", module, where, `${label} moves money (${call}) but has no \`idempotency\` key.`, fix);
    }

    for (const trigger of elementsOf(getProperty(options, "triggers").value)) {
      const t0 = unwrap(trigger);
      const event = t0.type === "ObjectExpression" ? getProperty(t0, "event").value : t0;
      const name = staticString(event);
      if (event && name !== undefined && !isInngestEvent(name)) report("untyped-event", module, event, `Trigger on the bare event name "${name}".`);
    }
    for (const cancel of elementsOf(getProperty(options, "cancelOn").value)) {
      const c = unwrap(cancel);
      if (c.type !== "ObjectExpression") continue;
      const event = getProperty(c, "event").value;
      const name = staticString(event);
      if (event && name !== undefined && !isInngestEvent(name)) report("untyped-event", module, event, `cancelOn uses the bare event name "${name}".`);
      const match = getProperty(c, "match");
      if (match.key) report("cancel-on-match", module, match.key, "cancelOn[].match is deprecated in v4.");
    }
  }
};
