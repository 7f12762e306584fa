import { describe, expect, it } from "vitest";
import { checkFiles } from "../../support/check-project.ts";

/**
 * One small project per case: a client, typed events, a serve route registering the function
 * file `src/fn.ts`. Each rule has cases it must flag and near-misses it must not.
 */
const client = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`;
const events = `import { eventType, staticSchema } from "inngest";
export const userSignedUp = eventType("app/user.signed_up", { schema: staticSchema<{ userId: string }>() });
export const orderPlaced = eventType("shop/order.placed", { schema: staticSchema<{ orderId: string }>() });
`;
const serve = `import { serve } from "inngest/next";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nexport const { GET, POST, PUT } = serve({ client: inngest, functions: [fn] });\n`;
const imports = `import { inngest } from "./client.ts";\nimport { userSignedUp, orderPlaced } from "./events.ts";\nimport { sendEmail, chargeCard } from "./services.ts";\n`;
const services = `export async function sendEmail(to: string) { return { id: to }; }\nexport async function chargeCard(id: string) { return { id }; }\n`;

/** A function with sensible options unless given others; the handler body is `body`. */
function fnSource(body: string, options = `id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3`) {
  return `${imports}\nexport const fn = inngest.createFunction(\n  { ${options} },\n  async ({ event, step }) => {\n${body}\n  },\n);\n`;
}

const project = (fn: string, extra: Record<string, string> = {}) => ({ "src/client.ts": client, "src/events.ts": events, "src/services.ts": services, "src/serve.ts": serve, "src/fn.ts": fn, ...extra });

/** `rule-id file:line` for each finding. */
async function findings(files: Record<string, string>) {
  return (await checkFiles(files)).map((f) => `${f.ruleId} ${f.file}:${f.line}`);
}
const ruleIds = async (files: Record<string, string>) => (await checkFiles(files)).map((f) => f.ruleId);

describe("the base fixture", () => {
  it("is clean", async () => {
    expect(await findings(project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`)))).toEqual([]);
  });
});

const cases: Record<string, { flagged: Record<string, string>[]; nearMisses: Record<string, string>[] }> = {
  "step-id-style": {
    flagged: [
      project(fnSource(`    await step.run("step1", () => sendEmail("a"));`)),
      project(fnSource(`    await step.run("Send Email", () => sendEmail("a"));`)),
      project(fnSource(`    await step.sleep("waitADay", "1d");`)),
      project(fnSource(`    for (const i of [1, 2]) await step.run(\`Item_\${i}\`, () => sendEmail("a"));`)),
    ],
    nearMisses: [
      project(fnSource(`    await step.run("fetch-user", () => sendEmail("a"));\n    await step.sleep("wait-1-day", "1d");`)),
      project(fnSource(`    for (const i of [1, 2]) await step.run(\`send-email-\${i}\`, () => sendEmail("a"));`)),
      // step.fetch takes a URL, not an id.
      project(fnSource(`    await step.fetch("https://example.com/Users");`)),
    ],
  },
  "wait-without-timeout": {
    flagged: [
      project(fnSource(`    await step.waitForEvent("wait-for-order", { event: orderPlaced });`)),
      project(fnSource(`    await step.waitForEvent("wait-for-order", { event: orderPlaced, if: "async.data.orderId == event.data.userId" });`)),
      // With the client reached through the handler's context.
      project(fnSource(`    return 1;`).replace("async ({ event, step }) => {", "async (ctx) => {\n    await ctx.step.waitForEvent(\"wait-for-order\", { event: orderPlaced });")),
    ],
    nearMisses: [
      project(fnSource(`    await step.waitForEvent("wait-for-order", { event: orderPlaced, timeout: "1h" });`)),
      // A spread may carry the timeout: not flagged.
      project(fnSource(`    const common = { timeout: "1h" };\n    await step.waitForEvent("wait-for-order", { ...common, event: orderPlaced });`)),
    ],
  },
  "no-concurrency-limit": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], retries: 3`)),
      project(fnSource(`    await step.run("call-api", () => fetch("https://example.com"));`, `id: "my-fn", triggers: [userSignedUp], retries: 3`)),
      project(fnSource(`    await step.run("send-email", sendEmail);`, `id: "my-fn", triggers: [userSignedUp], retries: 3`)),
      // A schedule and an event: the event can come in bursts.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [{ cron: "0 8 * * *" }, userSignedUp], retries: 3`)),
      // Through a helper of the same file.
      project(
        `${imports}\nconst notify = () => sendEmail("a");\nexport const fn = inngest.createFunction({ id: "my-fn", triggers: [userSignedUp], retries: 3 }, async ({ step }) => {\n  await step.run("notify", () => notify());\n});\n`,
      ),
    ],
    nearMisses: [
      // Only sleeps and local computation.
      project(fnSource(`    await step.sleep("wait-a-day", "1d");\n    await step.run("compute", () => 1 + 1);`, `id: "my-fn", triggers: [userSignedUp], retries: 3`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], throttle: { limit: 1, period: "1m" }, retries: 3`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], rateLimit: { limit: 1, period: "1m" }, retries: 3`)),
      // A schedule starts one run at a time: no burst of events to limit.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [{ cron: "0 8 * * *" }], retries: 3`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [cron("TZ=Europe/Paris 0 8 * * *")], retries: 3`).replace("export const fn", 'import { cron } from "inngest";\nexport const fn')),
    ],
  },
  "untyped-event": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [{ event: "app/user.signed_up" }], concurrency: { limit: 5 }, retries: 3`)),
      project(fnSource(`    await step.sendEvent("notify", { name: "app/notified", data: {} });`)),
      project(fnSource(`    await step.waitForEvent("wait-for-order", { event: "shop/order.placed", timeout: "1h" });`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest } from "./client.ts";\nexport async function go() {\n  await inngest.send({ name: "app/user.signed_up", data: { userId: "1" } });\n}\n`,
      }),
    ],
    nearMisses: [
      project(fnSource(`    await step.sendEvent("notify", orderPlaced.create({ orderId: "1" }));`)),
      // Inngest's own events: the SDK names them, there is no eventType to write.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [{ event: "inngest/function.failed" }], concurrency: { limit: 5 }, retries: 3`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\nexport async function go() {\n  await inngest.send(userSignedUp.create({ userId: "1" }));\n}\n`,
      }),
      // A cron trigger is not an event.
      project(`${imports}\nimport { cron } from "inngest";\nexport const fn = inngest.createFunction({ id: "my-fn", triggers: [cron("0 8 * * *")], retries: 1 }, async ({ step }) => {\n  await step.sleep("wait-a-bit", "1m");\n});\n`),
      // Another package's send() is not inngest.send().
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/mail.ts": `import sgMail from "@sendgrid/mail";\nexport function mail() {\n  sgMail.send({ name: "x", to: "a@b.c" });\n}\n`,
      }),
      // res.send() of Express is not inngest.send().
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/route.ts": `export function handler(req: unknown, res: { send(v: unknown): void }) {\n  res.send({ name: "app/user.signed_up" });\n}\n`,
      }),
    ],
  },
  "sleep-duration-number": {
    flagged: [
      project(fnSource(`    await step.sleep("wait-a-day", 86400000);`)),
      project(fnSource(`    await step.sleep("wait-a-minute", 60 * 1000);`)),
      project(fnSource(`    await step.sleep("wait-a-day", DAY_MS);`).replace("export const fn", "const DAY_MS = 24 * 60 * 60 * 1000;\nexport const fn")),
      // A constant of another module, and a field of a constant object.
      project(fnSource(`    await step.sleep("cool-down", COOL_DOWN);`).replace("export const fn", 'import { COOL_DOWN } from "./timing.ts";\nexport const fn'), { "src/timing.ts": "export const COOL_DOWN = 20000;\n" }),
      project(fnSource(`    await step.sleep("cool-down", timing.coolDown);`).replace("export const fn", 'import * as timing from "./timing.ts";\nexport const fn'), { "src/timing.ts": "export const coolDown = 20_000;\n" }),
      project(fnSource(`    await step.sleep("cool-down", DELAYS.coolDown);`).replace("export const fn", "const DELAYS = { coolDown: 60 * 1000 } as const;\nexport const fn")),
      project(fnSource(`    await step.sleep("cool-down", Timing.COOL_DOWN);`).replace("export const fn", 'import { Timing } from "./timing.ts";\nexport const fn'), { "src/timing.ts": "export class Timing {\n  static readonly COOL_DOWN = 20000;\n}\n" }),
    ],
    nearMisses: [
      project(fnSource(`    await step.sleep("wait-a-day", "24h");`)),
      project(fnSource(`    const delay = "1h";\n    await step.sleep("wait-a-bit", delay);`)),
      project(fnSource(`    await step.sleep("cool-down", COOL_DOWN);`).replace("export const fn", 'import { COOL_DOWN } from "./timing.ts";\nexport const fn'), { "src/timing.ts": 'export const COOL_DOWN = "20s";\n' }),
    ],
  },
  "no-retry-policy": {
    flagged: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 5 }`))],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 0`)),
      project(`${imports}\nconst defaults = { retries: 2, concurrency: { limit: 1 } };\nexport const fn = inngest.createFunction({ ...defaults, id: "my-fn", triggers: [userSignedUp] }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`),
      // Set on the object after it is written: what it lacks is unknown.
      project(`${imports}\ndeclare const retries: number | undefined;\nconst config: any = { id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 1 } };\nif (retries) config.retries = retries;\nexport const fn = inngest.createFunction(config, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`),
    ],
  },
  "payment-without-idempotency": {
    flagged: [
      // A payment taken with the provider's client, created in another file.
      project(fnSource(`    await step.run("take-payment", () => payments.paymentIntents.create({ amount: 100, currency: "eur", confirm: true }));`).replace("export const fn", 'import { payments } from "./stripe-client.ts";\nexport const fn'), {
        "src/stripe-client.ts": `import Stripe from "stripe";\nexport const payments = new Stripe(process.env.STRIPE_KEY ?? "");\n`,
      }),
      // A refund inside a helper of another module, called from a step.
      project(fnSource(`    await step.run("give-money-back", () => giveBack("ch_1"));`).replace("export const fn", 'import { giveBack } from "./billing.ts";\nexport const fn'), {
        "src/billing.ts": `import Stripe from "stripe";\nconst client = new Stripe("sk_test");\nexport async function giveBack(charge: string) {\n  return client.refunds.create({ charge });\n}\n`,
      }),
      // Braintree's gateway, a sale taken directly in the handler's step.
      project(fnSource(`    await step.run("take-sale", () => gateway.transaction.sale({ amount: "10.00" }));`).replace("export const fn", 'import braintree from "braintree";\nconst gateway = new braintree.BraintreeGateway({});\nexport const fn')),
    ],
    nearMisses: [
      project(fnSource(`    await step.run("take-payment", () => stripe.charges.create({ amount: 1 }));`, `id: "my-fn", triggers: [orderPlaced], idempotency: "event.data.orderId", concurrency: { limit: 5 }, retries: 3`).replace("export const fn", 'import Stripe from "stripe";\nconst stripe = new Stripe("k");\nexport const fn')),
      // Words are not evidence: a function named after payments that only sends an email.
      project(fnSource(`    await step.run("offer-a-refund", () => sendEmail("a"));`, `id: "stripe-charge-refunded", triggers: [orderPlaced], concurrency: { limit: 5 }, retries: 3`)),
      project(fnSource(`    await step.run("charge", () => chargeCard("a"));`)),
      // Reading payment data and managing the catalogue move no money.
      project(
        fnSource(
          `    const recent = await step.run("list-payments", () => stripe.charges.list({ limit: 10 }));\n    await step.run("create-product", () => stripe.products.create({ name: "Course" }));\n    return recent;`,
          `id: "payments-report", triggers: [{ cron: "0 9 * * *" }], retries: 3`,
        ).replace("export const fn", 'import Stripe from "stripe";\nconst stripe = new Stripe("k");\nexport const fn'),
      ),
      // The provider call carries its own idempotency key: the provider refuses a second charge.
      project(fnSource(`    await step.run("give-money-back", () => stripe.refunds.create({ charge: "ch_1" }, { idempotencyKey: \`refund-\${event.data.userId}\` }));`).replace("export const fn", 'import Stripe from "stripe";\nconst stripe = new Stripe("k");\nexport const fn')),
      // After a checkout, a chat role is removed: nothing is paid here.
      project(fnSource(`    await step.run("remove-chat-role", () => removeRole("member"));`, `id: "stripe-checkout-completed", triggers: [orderPlaced], concurrency: { limit: 5 }, retries: 3`).replace("export const fn", 'import { removeRole } from "./chat.ts";\nexport const fn'), {
        "src/chat.ts": "export async function removeRole(role: string) { return role; }\n",
      }),
      // A table called payments in the project's own database is not a provider.
      project(fnSource(`    await step.run("record-payment", () => db.payments.create({ orderId: "1" }));`).replace("export const fn", "const db = { payments: { create: async (row: object) => row } };\nexport const fn")),
    ],
  },
  "v3-event-schemas": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/client.ts": `import { EventSchemas, Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\nexport const schemas = new EventSchemas();\n`,
      }),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/client.ts": `import * as I from "inngest";\nexport const inngest = new I.Inngest({ id: "app" });\nexport const schemas = new I.EventSchemas();\n`,
      }),
    ],
    nearMisses: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), { "src/schemas.ts": `export class EventSchemas {}\nexport const s = new EventSchemas();\n` })],
  },
  "v3-three-argument-create-function": {
    flagged: [
      project(`${imports}\nexport const fn = inngest.createFunction({ id: "my-fn", concurrency: { limit: 1 }, retries: 1 }, { event: "app/user.signed_up" }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`),
    ],
    nearMisses: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`))],
  },
  "v3-serve-options": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/serve.ts": `import { serve } from "inngest/express";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nexport const handler = serve({ client: inngest, functions: [fn], signingKey: process.env.KEY, logLevel: "debug" });\n`,
      }),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/serve.ts": `import * as adapter from "inngest/hono";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nexport const handler = adapter.serve({ client: inngest, functions: [fn], baseUrl: "http://localhost:8288", fetch });\n`,
      }),
    ],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/serve.ts": `import { serve } from "inngest/express";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nexport const handler = serve({ client: inngest, functions: [fn], servePath: "/api/inngest" });\n`,
      }),
    ],
  },
  "v3-client-options": {
    flagged: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), { "src/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app", logLevel: "debug", schemas: {} as never });\n` })],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/client.ts": `import { ConsoleLogger, Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app", isDev: true, signingKey: process.env.KEY, logger: new ConsoleLogger({ level: "debug" }) });\n`,
      }),
    ],
  },
  "invoke-string-id": {
    flagged: [
      project(fnSource(`    await step.invoke("call-other", { function: "app-other", data: {} });`)),
      project(fnSource(`    await step.invoke("call-other", { function: \`app-\${"other"}\`, data: {} });`)),
    ],
    nearMisses: [
      project(fnSource(`    await step.invoke("call-other", { function: referenceFunction({ appId: "app", functionId: "other" }), data: {} });`).replace('import { inngest }', 'import { referenceFunction } from "inngest";\nimport { inngest }')),
      project(fnSource(`    await step.invoke("call-self", { function: fn, data: {} });`)),
    ],
  },
  "promise-race-steps": {
    flagged: [
      project(fnSource(`    await Promise.race([step.run("send-email", () => sendEmail("a")), step.sleep("time-out", "1h")]);`)),
      project(fnSource(`    const sent = step.run("send-email", () => sendEmail("a"));
    const timeout = step.sleep("time-out", "1h");
    await Promise.race([sent, timeout]);`)),
    ],
    nearMisses: [
      project(fnSource(`    await Promise.all([step.run("send-email", () => sendEmail("a")), step.sleep("time-out", "1h")]);`)),
      project(fnSource(`    await step.run("race-calls", () => Promise.race([sendEmail("a"), sendEmail("b")]));`)),
      // What migrate writes: v4's real race.
      project(fnSource(`    await group.parallel({ mode: "race" }, () => Promise.race([step.run("send-email", () => sendEmail("a")), step.sleep("time-out", "1h")]));`)),
    ],
  },
  "cancel-on-match": {
    flagged: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], cancelOn: [{ event: orderPlaced, match: "data.userId" }], concurrency: { limit: 5 }, retries: 3`))],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], cancelOn: [{ event: orderPlaced, if: "event.data.userId == async.data.userId" }], concurrency: { limit: 5 }, retries: 3`)),
    ],
  },
  "nested-step": {
    flagged: [
      project(fnSource(`    await step.run("outer", async () => {\n      await step.run("inner", () => sendEmail("a"));\n    });`)),
      project(fnSource(`    await step.ai.wrap("summarise", async () => {\n      await step.sleep("wait-a-bit", "1m");\n    });`)),
    ],
    nearMisses: [
      project(fnSource(`    const user = await step.run("outer", () => sendEmail("a"));\n    await step.run("inner", () => sendEmail(user.id));`)),
      // Steps inside a plain callback (map) are not nested in a step.
      project(fnSource(`    await Promise.all(["a", "b"].map((to) => step.run(\`send-to-\${to}\`, () => sendEmail(to))));`)),
    ],
  },
  "step-closure-mutation": {
    flagged: [
      project(fnSource(`    let count = 0;\n    await step.run("count-things", async () => {\n      count += 1;\n    });\n    return count;`)),
      project(fnSource(`    const result = { sent: false };\n    await step.run("send-email", async () => {\n      await sendEmail("a");\n      result.sent = true;\n    });\n    return result;`)),
      project(fnSource(`    let attempts = 0;\n    await step.run("send-email", () => {\n      attempts++;\n      return sendEmail("a");\n    });\n    return attempts;`)),
    ],
    nearMisses: [
      project(fnSource(`    let count = 0;\n    count = await step.run("count-things", async () => {\n      let local = 0;\n      local += 1;\n      return local;\n    });\n    return count;`)),
      project(fnSource(`    await step.run("loop", async () => {\n      for (let i = 0; i < 3; i++) await sendEmail(String(i));\n    });`)),
      // A module-level cache is shared state on purpose; only the handler's variables are replayed.
      project(fnSource(`    await step.run("send-email", async () => {\n      stats.sent += 1;\n      return sendEmail("a");\n    });`).replace("export const fn", "const stats = { sent: 0 };\nexport const fn")),
    ],
  },
  "unawaited-step": {
    flagged: [
      project(fnSource(`    step.run("send-email", () => sendEmail("a"));`)),
      project(fnSource(`    const p = step.run("send-email", () => sendEmail("a"));\n    return "done";`)),
      project(fnSource(`    Promise.all([step.run("send-email", () => sendEmail("a"))]);`)),
      // The result's field read from the promise itself.
      project(fnSource(`    const sent = step.run("send-email", () => sendEmail("a"));\n    return sent.id;`)),
      project(fnSource(`    [1, 2].forEach((i) => {\n      step.run(\`send-email-\${i}\`, () => sendEmail("a"));\n    });`)),
      project(fnSource(`    const sent = step.run("send-email", () => sendEmail("a"));\n    const other = sent;\n    return "done";`)),
    ],
    nearMisses: [
      // An explicit \`void\` says the step is left on purpose.
      project(fnSource(`    void step.run("send-email", () => sendEmail("a"));`)),
      project(fnSource(`    void step.sleep("cool-down", "1m").then(() => sendEmail("a"));\n    await step.run("send-email", () => sendEmail("b"));`)),
      project(fnSource(`    const p = step.run("send-email", () => sendEmail("a"));\n    await p;`)),
      project(fnSource(`    return step.run("send-email", () => sendEmail("a"));`)),
      project(fnSource(`    await Promise.all([1, 2].map((i) => step.run(\`send-email-\${i}\`, () => sendEmail("a"))));`)),
      project(fnSource(`    const a = step.run("send-a", () => sendEmail("a"));\n    const b = step.run("send-b", () => sendEmail("b"));\n    const [x, y] = await Promise.allSettled([a, b]);\n    return { x, y };`)),
      project(fnSource(`    const jobs = [];\n    jobs.push(step.run("send-email", () => sendEmail("a")));\n    await Promise.all(jobs);`)),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a")).then((r) => r.id);`)),
      project(fnSource(`    const a = step.run("send-a", () => sendEmail("a"));\n    const b = step.run("send-b", () => sendEmail("b"));\n    return [await a, await b];`)),
      project(fnSource(`    await (event.data.userId ? step.run("send-a", () => sendEmail("a")) : step.sleep("wait-a-bit", "1m"));`)),
      project(fnSource(`    let pending;\n    if (event.data.userId) pending = step.run("send-a", () => sendEmail("a"));\n    await pending;`)),
      project(fnSource(`    const withRetry = <T>(p: Promise<T>) => p;\n    await withRetry(step.run("send-a", () => sendEmail("a")));`)),
      project(fnSource(`    return Promise.allSettled([step.run("send-a", () => sendEmail("a")), step.sendEvent("notify", orderPlaced.create({ orderId: "1" }))]);`)),
    ],
  },
  "unawaited-send": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\nexport function go() {\n  inngest.send(userSignedUp.create({ userId: "1" }));\n}\n`,
      }),
      // A client imported under another name.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest as jobs } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\nexport async function go() {\n  jobs.send(userSignedUp.create({ userId: "1" })).catch(console.error);\n}\n`,
      }),
    ],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\nexport function go() {\n  return inngest.send(userSignedUp.create({ userId: "1" }));\n}\nexport async function later() {\n  const sent = inngest.send(userSignedUp.create({ userId: "2" }));\n  await sent;\n}\n`,
      }),
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/send.ts": `import { inngest } from "./client.ts";\nimport { userSignedUp } from "./events.ts";\ndeclare function waitUntil(p: Promise<unknown>): void;\nexport async function go() {\n  await Promise.all([inngest.send(userSignedUp.create({ userId: "1" })), inngest.send(userSignedUp.create({ userId: "2" }))]);\n  waitUntil(inngest.send(userSignedUp.create({ userId: "3" })));\n}\n`,
      }),
    ],
  },
  "non-deterministic-outside-step": {
    flagged: [
      // Two steps see the value, possibly in different requests.
      project(fnSource(`    const at = Date.now();\n    await step.run("save-time", () => sendEmail(String(at)));\n    await step.run("send-time", () => sendEmail(String(at)));`)),
      // Part of a step id: a replay looks for a step that never ran.
      project(fnSource(`    await step.run(\`send-\${crypto.randomUUID()}\`, () => sendEmail("a"));`)),
      // Decides which steps run.
      project(fnSource(`    if (Math.random() > 0.5) await step.run("send-email", () => sendEmail("a"));`)),
      // A step and the result.
      project(fnSource(`    const key = crypto.randomUUID();\n    await step.run("store-key", () => sendEmail(key));\n    return { key };`)),
      // An id from a package, stored by one step and returned.
      project(fnSource(`    const orderRef = uuid();\n    await step.run("store-ref", () => sendEmail(orderRef));\n    return orderRef;`).replace("export const fn", 'import { v4 as uuid } from "uuid";\nexport const fn')),
      // Through values derived from it, into a step run in a loop.
      project(fnSource(`    const when = new Date();\n    const label = when.toISOString().slice(0, 10);\n    for (const to of ["a", "b"]) await step.run(\`send-\${to}\`, () => sendEmail(\`\${to} \${label}\`));`)),
    ],
    nearMisses: [
      project(fnSource(`    const at = await step.run("now", () => Date.now());\n    await step.run("send-email", () => sendEmail(new Date(at).toISOString()));`)),
      // No steps, no replay.
      project(fnSource(`    return { at: Date.now(), id: crypto.randomUUID() };`)),
      // A helper declared in the handler may run only inside a step.
      project(fnSource(`    const stamp = () => new Date().toISOString();\n    await step.run("send-email", () => sendEmail(stamp()));`)),
      // A local Date that is not the global one.
      project(fnSource(`    const Date = { now: () => 1 };\n    await step.run("send-email", () => sendEmail(String(Date.now())));`)),
      // Seen by one step only: computed once for it.
      project(fnSource(`    const at = Date.now();\n    await step.run("send-email", () => sendEmail(String(at)));`)),
      // Read twice by that one step, in a block body that may throw: still one saved result.
      project(fnSource(`    const at = new Date().toISOString();\n    await step.run("send-email", async () => {\n      if (!at) throw new Error("no time");\n      return sendEmail(at + " " + at);\n    });`)),
      // Kept for a log line.
      project(fnSource(`    const started = Date.now();\n    await step.run("send-email", () => sendEmail("a"));\n    console.log(\`took \${Date.now() - started} ms\`);`)),
      // A time gate that ends the run before any step: time only moves forward.
      project(fnSource(`    if (Date.now() < Date.parse("2030-01-01")) return "too early";\n    await step.run("send-email", () => sendEmail("a"));`)),
      // Handed to a call whose result is not kept, then returned: seen once.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));\n    const thread = event.data.userId || crypto.randomUUID();\n    await sendEmail(thread);\n    return { thread };`)),
      // Used by a statement inside a callback whose results are returned, in two places.
      project(fnSource(`    const found = await step.run("find", () => [1, 2]);\n    const results = await Promise.all(found.map(async (n) => {\n      await sendEmail(\`\${n} \${new Date().toISOString()}\`);\n      return n;\n    }));\n    return { count: results.length, results };`)),
      // Sent once in an event payload.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));\n    await step.sendEvent("notify", orderPlaced.create({ orderId: String(Date.now()) }));`)),
    ],
  },
  "duplicate-step-id": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));\n    await step.run("send-email", () => sendEmail("b"));`)),
      // Different step kinds share the id space.
      project(fnSource(`    if (event.data.userId) {\n      await step.sleep("pause", "1m");\n      await step.run("pause", () => sendEmail("b"));\n    }`)),
      // A branch that may fall through (its return is conditional) lets both run.
      project(fnSource(`    if (event.data.userId) {\n      const sent = await step.run("send-email", () => sendEmail("a"));\n      if (!sent) return;\n    }\n    await step.run("send-email", () => sendEmail("b"));`)),
      // A loop runs its body again: \`continue\` does not end the run.
      project(fnSource(`    for (const id of ["a", "b"]) {\n      if (id === "a") {\n        await step.run("send-email", () => sendEmail(id));\n        continue;\n      }\n      await step.run("send-email", () => sendEmail("b"));\n    }`)),
    ],
    nearMisses: [
      project(fnSource(`    for (const i of [1, 2]) await step.run(\`send-email-\${i}\`, () => sendEmail("a"));`)),
      project(fnSource(`    if (event.data.userId) await step.run("send-email", () => sendEmail("a"));\n    else await step.run("send-email", () => sendEmail("b"));`)),
      // A branch that ends the run (return or throw on every path) and what follows it.
      project(fnSource(`    if (event.data.userId) {\n      const sent = await step.run("send-email", () => sendEmail("a"));\n      if (!sent) return;\n      return "sent";\n    }\n    await step.run("send-email", () => sendEmail("b"));`)),
      project(fnSource(`    if (!event.data.userId) {\n      await step.run("send-email", () => sendEmail("a"));\n      if (event.data.email) return 1;\n      else throw new Error("no address");\n    } else if (event.data.email) {\n      await step.run("send-email", () => sendEmail("b"));\n      return 2;\n    }\n    await step.run("send-email", () => sendEmail("c"));`)),
      project(fnSource(`    switch (event.data.userId) {\n      case "a":\n        await step.run("send-email", () => sendEmail("a"));\n        break;\n      default:\n        await step.run("send-email", () => sendEmail("b"));\n    }`)),
      // Different functions may reuse step ids.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/other.ts": `${imports}\nexport const other = inngest.createFunction({ id: "other", triggers: [userSignedUp], concurrency: { limit: 1 }, retries: 1 }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("b"));\n});\n`,
        "src/serve.ts": serve.replace('import { fn } from "./fn.ts";', 'import { fn } from "./fn.ts";\nimport { other } from "./other.ts";').replace("[fn]", "[fn, other]"),
      }),
    ],
  },
  "function-missing-id": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3`)),
      // A name is only a display name.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `name: "Send the welcome email", triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3`)),
    ],
    nearMisses: [
      // An id assigned after the object is written (\`Object.assign\` or a property).
      project(`${imports}\ndeclare const name: string;\nconst config = { triggers: [userSignedUp], concurrency: { limit: 1 }, retries: 1 };\nObject.assign(config, { id: name });\nexport const fn = inngest.createFunction(config, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`),
      // A spread may bring the id.
      project(`${imports}\nconst base = { id: "my-fn", retries: 2, concurrency: { limit: 1 } };\nexport const fn = inngest.createFunction({ ...base, triggers: [userSignedUp] }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`),
      // An id computed from a variable is an id.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: \`\${"my"}-fn\`, triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3`)),
    ],
  },
  "duplicate-function-id": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/other.ts": `${imports}\nexport const other = inngest.createFunction({ id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 1 }, retries: 1 }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("b"));\n});\n`,
        "src/serve.ts": serve.replace('import { fn } from "./fn.ts";', 'import { fn } from "./fn.ts";\nimport { other } from "./other.ts";').replace("[fn]", "[fn, other]"),
      }),
      // onFailure registers "<id>-failure".
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `id: "my-fn", triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3, onFailure: async () => {}`), {
        "src/other.ts": `${imports}\nexport const other = inngest.createFunction({ id: "my-fn-failure", triggers: [userSignedUp], concurrency: { limit: 1 }, retries: 1 }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("b"));\n});\n`,
        "src/serve.ts": serve.replace('import { fn } from "./fn.ts";', 'import { fn } from "./fn.ts";\nimport { other } from "./other.ts";').replace("[fn]", "[fn, other]"),
      }),
    ],
    nearMisses: [
      // A test file's throwaway function is not part of the app.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/fn.test.ts": `${imports}\nexport const copy = inngest.createFunction({ id: "my-fn", triggers: [userSignedUp] }, async () => {});\n`,
      }),
      // Two apps (two clients) may use the same function id.
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/other.ts": `import { Inngest } from "inngest";\nimport { userSignedUp } from "./events.ts";\nconst billing = new Inngest({ id: "billing" });\nexport const other = billing.createFunction({ id: "my-fn", triggers: [userSignedUp], retries: 1 }, async ({ step }) => {\n  await step.sleep("wait-a-bit", "1m");\n});\nimport { serve } from "inngest/express";\nexport const handler = serve({ client: billing, functions: [other] });\n`,
      }),
    ],
  },
  "serve-handler-missing": {
    flagged: [
      { "src/client.ts": client, "src/events.ts": events, "src/services.ts": services, "src/fn.ts": fnSource(`    await step.run("send-email", () => sendEmail("a"));`) },
      // serve() of another package is not Inngest's.
      {
        "src/client.ts": client,
        "src/events.ts": events,
        "src/services.ts": services,
        "src/fn.ts": fnSource(`    await step.run("send-email", () => sendEmail("a"));`),
        "src/server.ts": `import { serve } from "@hono/node-server";\ndeclare const app: { fetch(r: Request): Response };\nserve({ fetch: app.fetch, port: 3000 });\n`,
      },
    ],
    nearMisses: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`)),
      // A worker connected with connect() serves its functions without an HTTP handler.
      {
        "src/client.ts": client,
        "src/events.ts": events,
        "src/services.ts": services,
        "src/fn.ts": fnSource(`    await step.run("send-email", () => sendEmail("a"));`),
        "src/worker.ts": `import { connect } from "inngest/connect";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nawait connect({ apps: [{ client: inngest, functions: [fn] }] });\n`,
      },
      // No functions: nothing to serve.
      { "src/client.ts": client },
    ],
  },
  "function-not-served": {
    flagged: [
      project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
        "src/other.ts": `${imports}\nexport const other = inngest.createFunction({ id: "other", triggers: [userSignedUp], concurrency: { limit: 1 }, retries: 1 }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("b"));\n});\n`,
      }),
    ],
    nearMisses: [project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`))],
  },
};

describe.each(Object.entries(cases))("%s", (rule, { flagged, nearMisses }) => {
  it.each(flagged.map((files, i) => [i + 1, files] as const))("flags case %i, and nothing else", async (_, files) => {
    const found = await ruleIds(files);
    expect(found.length).toBeGreaterThan(0);
    expect(new Set(found)).toEqual(new Set([rule]));
  });
  it.each(nearMisses.map((files, i) => [i + 1, files] as const))("leaves near-miss %i alone", async (_, files) => {
    expect(await findings(files)).toEqual([]);
  });
});

describe("step id suggestions", () => {
  it.each([
    ["Send Email", "send-email"],
    ["waitADay", "wait-a-day"],
    ["fetch_HTMLPage", "fetch-html-page"],
  ])("suggests kebab-case for %s", async (id, better) => {
    const [finding] = await checkFiles(project(fnSource(`    await step.run(${JSON.stringify(id)}, () => sendEmail("a"));`)));
    expect(finding?.message).toBe(`Step id "${id}" is not kebab-case (try "${better}").`);
  });
});

describe("what the findings say", () => {
  it("a missing id is critical, and a name is said to be only a display name", async () => {
    const [finding] = await checkFiles(project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`, `name: "Welcome", triggers: [userSignedUp], concurrency: { limit: 5 }, retries: 3`)));
    expect(finding).toMatchObject({ ruleId: "function-missing-id", severity: "critical", line: 6 });
    expect(finding?.message).toContain('`name: "Welcome"` is only what the dashboard shows; try `id: "welcome"`');
  });

  it("a repeated step id is a warning that says the SDK numbers the repeat", async () => {
    const [finding] = await checkFiles(project(fnSource(`    await step.sleep("pause", "1m");\n    await step.sleep("pause", "1h");`)));
    expect(finding).toMatchObject({ ruleId: "duplicate-step-id", severity: "warning", line: 9 });
    expect(finding?.message).toBe('Step id "pause" is also used at line 8; the SDK runs the repeat as "pause:1" (then ":2"…), which holds only while the steps are reached in the same order (parallel work can change it), and the run\'s history shows two "pause".');
  });

  it("a payment finding names the call that moves money", async () => {
    const files = project(fnSource(`    await step.run("refund", () => stripe.refunds.create({ charge: "ch_1" }));`).replace("export const fn", 'import Stripe from "stripe";\nconst stripe = new Stripe("k");\nexport const fn'));
    const [finding] = await checkFiles(files);
    expect(finding?.message).toBe('Function "my-fn" moves money (refunds.create()) but has no `idempotency` key.');
  });

  it("serve()'s logLevel is said to go to the client's logger, not to a client option v4 removed too", async () => {
    const files = project(fnSource(`    await step.run("send-email", () => sendEmail("a"));`), {
      "src/serve.ts": `import { serve } from "inngest/express";\nimport { inngest } from "./client.ts";\nimport { fn } from "./fn.ts";\nexport const handler = serve({ client: inngest, functions: [fn], baseUrl: "http://localhost:8288", logLevel: "warn" });\n`,
    });
    const messages = (await checkFiles(files)).filter((f) => f.ruleId === "v3-serve-options").map((f) => f.message);
    expect(messages).toEqual(["serve() option `baseUrl` belongs on the client in v4 (new Inngest({ baseUrl })).", "serve() option `logLevel` was removed in v4: set `logger: new ConsoleLogger({ level })` on the client."]);
  });

  it("a non-deterministic value says what a replay changes", async () => {
    const [finding] = await checkFiles(project(fnSource(`    const key = crypto.randomUUID();\n    await step.run("store-key", () => sendEmail(key));\n    return { key };`)));
    expect(finding?.message).toBe("crypto.randomUUID() outside a step gives a new value on every replay: it reaches step.run() at line 9 and the function's result, which may run in different requests and then see different values.");
  });
});

describe("v3 forms", () => {
  it("a cron given as v3's second argument is a schedule too", async () => {
    const files = project(`${imports}\nexport const fn = inngest.createFunction({ id: "nightly", retries: 1 }, { cron: "0 3 * * *" }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`);
    expect(await ruleIds(files)).not.toContain("no-concurrency-limit");
  });

  it("a v3 string id is an id", async () => {
    const files = project(`${imports}\nexport const fn = inngest.createFunction("nightly", { cron: "0 3 * * *" }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`);
    expect(await ruleIds(files)).not.toContain("function-missing-id");
  });

  it("a v3 function with only a name has no id", async () => {
    const files = project(`${imports}\nexport const fn = inngest.createFunction({ name: "Nightly" }, { event: "app/nightly" }, async ({ step }) => {\n  await step.run("send-email", () => sendEmail("a"));\n});\n`);
    expect(await ruleIds(files)).toContain("function-missing-id");
  });
});
