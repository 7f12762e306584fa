import type { EnvVar } from "../plan/plan.ts";

export const patternIds = ["durable-sleep", "multi-step", "cron-fan-out", "webhook", "ai-pipeline", "wait-for-event"] as const;
export type PatternId = (typeof patternIds)[number];

export const serviceIds = ["activity", "ai", "documents", "email", "orders", "payments", "users", "vector-store", "warehouse"] as const;
export type ServiceId = (typeof serviceIds)[number];

/** An HTTP route a pattern adds to the app, handled by a framework-neutral function. */
export interface HttpRoute {
  /** URL path, e.g. `/api/webhooks/stripe`. */
  path: string;
  /** Module below the source directory exporting the handler, without extension. */
  module: string;
  /** `(rawBody: string, signature: string | null | undefined) => Promise<{ status, body }>` */
  handler: string;
  /** The request header carrying the signature; routes hand it to the handler with the raw body. */
  signatureHeader: string;
}

export interface Pattern {
  id: PatternId;
  label: string;
  hint: string;
  /** What starts the pattern's work, for listings: an event name, a schedule or a route. */
  startsOn: string;
  /**
   * Functions the pattern exports, by module file (in `inngest/functions/`) and export name, with
   * the function ids the module defines (`add` finds a pattern already present by them).
   */
  functions: readonly { module: string; exportName: string; ids: readonly string[] }[];
  /** How many functions the serve endpoint reports for this pattern (`onFailure` adds one). */
  functionCount: number;
  /** Event definitions the pattern adds to the events module, by export name. */
  events: readonly string[];
  /** Service modules (in `services/`) the pattern uses; shared between patterns. */
  services: readonly ServiceId[];
  /** Routes the app serves for the pattern (besides `/api/inngest`). */
  routes: readonly HttpRoute[];
  /** Variables the pattern reads, added to `.env.example`. */
  env: readonly EnvVar[];
  /** A typed event to send from the demo route, as code using the pattern's events. */
  demoEvent: { uses: string; code: string };
}

export const patterns: Record<PatternId, Pattern> = {
  "durable-sleep": {
    id: "durable-sleep",
    label: "Durable sleep",
    hint: "welcome drip: email, sleep 24h, follow up; cancelled when the user is deleted",
    startsOn: "event app/user.signed_up",
    functions: [{ module: "welcome-drip", exportName: "welcomeDrip", ids: ["welcome-drip"] }],
    functionCount: 1,
    events: ["userSignedUp", "userDeleted"],
    services: ["email", "users"],
    routes: [],
    env: [],
    demoEvent: {
      uses: "userSignedUp",
      code: 'userSignedUp.create({ userId: "user_123", email: "ada@example.com", name: "Ada" })',
    },
  },
  "multi-step": {
    id: "multi-step",
    label: "Multi-step workflow",
    hint: "order workflow: parallel checks, backorder branch, idempotent charge, refund on failure",
    startsOn: "event shop/order.placed",
    functions: [{ module: "order-workflow", exportName: "orderWorkflow", ids: ["order-workflow"] }],
    // onFailure registers a second function.
    functionCount: 2,
    events: ["orderPlaced", "orderBackordered"],
    services: ["email", "payments", "warehouse"],
    routes: [],
    env: [],
    demoEvent: {
      uses: "orderPlaced",
      code:
        'orderPlaced.create({ orderId: `order_${Date.now()}`, customerId: "cus_123", email: "ada@example.com", ' +
        'items: [{ sku: "sku_mug", quantity: 2 }], totalCents: 3000, currency: "usd" })',
    },
  },
  "cron-fan-out": {
    id: "cron-fan-out",
    label: "Cron + fan-out",
    hint: "daily digest: a timezone-aware cron fans out one event per user to a rate-limited sender",
    startsOn: "cron 08:00 daily, Europe/London",
    functions: [
      { module: "daily-digest", exportName: "scheduleDailyDigests", ids: ["schedule-daily-digests"] },
      { module: "daily-digest", exportName: "sendDigest", ids: ["send-digest"] },
    ],
    functionCount: 2,
    events: ["digestRequested"],
    services: ["activity", "email", "users"],
    routes: [],
    env: [],
    demoEvent: {
      uses: "digestRequested",
      code: 'digestRequested.create({ userId: "user_123", email: "ada@example.com", date: new Date().toISOString().slice(0, 10) })',
    },
  },
  webhook: {
    id: "webhook",
    label: "Idempotent webhook",
    hint: "Stripe webhooks: signature-checked route, event id = Stripe's id, idempotent handler",
    startsOn: "POST /api/webhooks/stripe",
    functions: [{ module: "stripe-events", exportName: "handleStripeEvent", ids: ["handle-stripe-event"] }],
    functionCount: 1,
    events: ["stripeEventReceived"],
    services: ["email", "orders"],
    routes: [
      { path: "/api/webhooks/stripe", module: "webhooks/stripe", handler: "receiveStripeWebhook", signatureHeader: "stripe-signature" },
    ],
    env: [
      {
        key: "STRIPE_WEBHOOK_SECRET",
        example: "",
        comment: "Signing secret (whsec_...) of the Stripe webhook endpoint: printed by `stripe listen` locally, in the Stripe dashboard for production.",
      },
    ],
    demoEvent: {
      uses: "stripeEventReceived",
      code:
        "stripeEventReceived.create({ stripeEventId: `evt_demo_${Date.now()}`, type: \"payment_intent.succeeded\", " +
        'object: { id: "pi_demo", metadata: { orderId: "order_123" } } })',
    },
  },
  "ai-pipeline": {
    id: "ai-pipeline",
    label: "AI pipeline",
    hint: "document ingestion: extract, chunk, embed, store vectors; throttled for the AI provider",
    startsOn: "event document/uploaded",
    functions: [{ module: "process-document", exportName: "processDocument", ids: ["process-document"] }],
    functionCount: 1,
    events: ["documentUploaded"],
    services: ["ai", "documents", "vector-store"],
    routes: [],
    env: [
      {
        key: "OPENAI_API_KEY",
        example: "",
        comment: "Creates embeddings with OpenAI. Optional in development, where a local stand-in is used without it.",
      },
    ],
    demoEvent: {
      uses: "documentUploaded",
      code: 'documentUploaded.create({ documentId: "doc_handbook" })',
    },
  },
  "wait-for-event": {
    id: "wait-for-event",
    label: "Wait for event",
    hint: "trial conversion: wait up to 14 days for a subscription, remind when none comes",
    startsOn: "event app/trial.started",
    functions: [{ module: "trial-conversion", exportName: "trialConversion", ids: ["trial-conversion"] }],
    functionCount: 1,
    events: ["trialStarted", "subscriptionCreated"],
    services: ["email"],
    routes: [],
    env: [],
    demoEvent: {
      uses: "trialStarted",
      code: 'trialStarted.create({ userId: "user_123", email: "ada@example.com", name: "Ada" })',
    },
  },
};

export const defaultPatterns: readonly PatternId[] = ["durable-sleep"];

export function functionCount(ids: readonly PatternId[]): number {
  return ids.reduce((sum, id) => sum + patterns[id].functionCount, 0);
}
