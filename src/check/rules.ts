/** The rules `check` knows: ids, default severities and what each one means. */

/** `info` says what check could not tell; it never fails a run. */
export type Severity = "critical" | "error" | "warning" | "info";
export const severities: readonly Severity[] = ["critical", "error", "warning", "info"];

export interface RuleMeta {
  id: string;
  severity: Severity;
  /** One sentence: what is wrong (SARIF shortDescription, `--json`). */
  description: string;
  /** How to fix it. */
  hint: string;
}

const rule = (id: string, severity: Severity, description: string, hint: string): RuleMeta => ({ id, severity, description, hint });

export const ruleList: readonly RuleMeta[] = [
  rule("serve-handler-missing", "critical", "Functions exist but no serve() handler exposes them.", "Export a handler: `serve({ client: inngest, functions })` from the adapter of your framework (inngest/next, inngest/express…)."),
  rule("serve-handler-unknown", "info", "Functions exist and check cannot tell whether something serves them.", "If nothing serves them, expose them with `serve({ client, functions })` from your framework's adapter, `createServer` (inngest/node) or `connect()` (inngest/connect)."),
  rule("function-not-served", "error", "A function is not in any serve() functions list, so Inngest never runs it.", "Add it to the array passed to `serve({ functions })` (usually inngest/functions/index.ts)."),
  rule("duplicate-function-id", "critical", "Two functions of one app share an id; one replaces the other.", "Give every function of the app its own `id`."),
  rule("step-id-style", "warning", "Step ids should be kebab-case and describe the step.", 'Name steps after what they do, in kebab-case: "fetch-user", "send-welcome-email".'),
  rule("function-missing-id", "critical", "A function has no `id`; Inngest registers it under the app's own id.", 'Give it a stable id of its own: `createFunction({ id: "send-welcome-email", … })`.'),
  rule("duplicate-step-id", "warning", "Two steps of one function use the same id; the SDK numbers the repeats (`id:1`), which tells them apart only while they are reached in the same order.", "Give each step its own id (in loops, build it from the item: `process-${item.id}`)."),
  rule("wait-without-timeout", "error", "step.waitForEvent needs a timeout.", 'Add `timeout: "7d"` (or any duration): the step resolves to null when it runs out.'),
  rule("sleep-duration-number", "warning", "A step duration (step.sleep, step.waitForEvent's timeout) given as a number of milliseconds.", 'Pass a duration string ("30s", "24h", "7d"): clearer, and not mistaken for seconds.'),
  rule("no-concurrency-limit", "warning", "A function triggered by events that calls other services has no concurrency, throttle or rate limit.", "Add `concurrency: { limit: 10 }` (or `throttle` / `rateLimit`) so a burst of events cannot overwhelm the service."),
  rule("no-retry-policy", "warning", "The function relies on the default retry policy.", "Set `retries` (0–20) to what the function can safely repeat."),
  rule("payment-without-idempotency", "error", "A function that moves money (a charge, refund, payout) has no idempotency key.", 'Add `idempotency: "event.data.<uniqueId>"` so a repeated event never charges or refunds twice (or pass the provider an idempotency key built from that id).'),
  rule("untyped-event", "warning", "A bare event-name string instead of an eventType() definition.", 'Define the event once with `eventType("app/x.y", { schema })` and use it (`triggers: [xY]`, `xY.create(data)`).'),
  rule("v3-event-schemas", "error", "EventSchemas was removed in Inngest v4.", 'Define each event with `eventType("name", { schema })` and drop `schemas` from the client.'),
  rule("v3-three-argument-create-function", "error", "createFunction takes two arguments in Inngest v4; the triggers go in the options.", "Move the trigger into the first argument: `createFunction({ id, triggers: [event] }, handler)`."),
  rule("v3-serve-options", "error", "This serve() option moved to the client in Inngest v4 and is ignored here.", "Set it on `new Inngest({ … })` (or through its environment variable) instead."),
  rule("v3-client-options", "error", "This client option was removed in Inngest v4 and is silently ignored.", "Use `eventType()` definitions instead of `schemas`, and `logger: new ConsoleLogger({ level })` instead of `logLevel`."),
  rule("invoke-string-id", "error", "step.invoke needs a function object, not a string id.", "Pass the function (`function: otherFunction`) or `referenceFunction({ appId, functionId })`."),
  rule("promise-race-steps", "error", "Promise.race over steps waits for every step in Inngest v4.", 'Use `group.parallel({ mode: "race" }, …)` for a real race.'),
  rule("cancel-on-match", "warning", "cancelOn[].match is deprecated.", 'Use `if: "event.data.userId == async.data.userId"` instead of `match`.'),
  rule("nested-step", "error", "A step called inside another step's callback.", "Call steps from the function handler only; split the work into sibling steps."),
  rule("step-closure-mutation", "error", "A variable declared outside step.run is changed inside it; on replay the step is skipped and the change is lost.", "Return the value from the step and assign the result: `x = await step.run(…, () => compute())`."),
  rule("unawaited-step", "error", "A step is neither awaited, returned nor collected.", "Await it (`await step.run(…)`), collect it in `await Promise.all([...])`, or mark it `void` if leaving it is deliberate."),
  rule("unawaited-send", "error", "inngest.send() is not awaited; the event may never leave a serverless function.", "Await it: `await inngest.send(…)`."),
  rule("non-deterministic-outside-step", "error", "A non-deterministic value computed outside a step changes on every replay, and here that changes what runs.", "Compute it inside `step.run` so the value is saved and replayed."),
  rule("sdk-before-v3", "info", "The package uses inngest 2.x or older, whose function and step ids work differently from 3 and 4: its Inngest code is not checked.", "Upgrade it to inngest 3 following Inngest's v2-to-v3 guide (keep each function's id with `id: slugify(name)`, slugify exported by inngest), then `create-inngest-app migrate` takes it to v4."),
  rule("parse-error", "error", "The file does not parse.", "Fix the syntax error; the rest of the file was not checked."),
  rule("unknown-ignore-rule", "warning", "An ignore comment names a rule that does not exist.", "Use a rule id from the rule table in the README (its `check` section), or remove the comment."),
];

export const rules: ReadonlyMap<string, RuleMeta> = new Map(ruleList.map((r) => [r.id, r]));

/** The rule id nearest to a misspelt one (at most a third of it changed), for "did you mean". */
export function closestRule(id: string): string | undefined {
  let best: { id: string; distance: number } | undefined;
  for (const candidate of rules.keys()) {
    const distance = editDistance(id, candidate);
    if (distance <= Math.ceil(candidate.length / 3) && (!best || distance < best.distance)) best = { id: candidate, distance };
  }
  return best?.id;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length]!;
}
