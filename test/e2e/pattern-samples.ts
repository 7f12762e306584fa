import type { PatternId } from "../../src/catalogue/patterns.ts";

interface ExecutorSample {
  functionId: string;
  event: { name: string; data: object };
  firstStep: string;
}

/** The event each pattern's part of `POST /api/demo-event` sends. */
export const demoEventNames: Record<PatternId, string> = {
  "durable-sleep": "app/user.signed_up",
  "multi-step": "shop/order.placed",
  "cron-fan-out": "app/digest.requested",
  webhook: "stripe/event.received",
  "ai-pipeline": "document/uploaded",
  "wait-for-event": "app/trial.started",
};

/**
 * For each pattern, one function to call the way the Inngest executor does, with a sample event,
 * and a step id its first response must name: proof that the function runs inside the app.
 */
export const executorSamples: Record<PatternId, ExecutorSample> = {
  "durable-sleep": {
    functionId: "welcome-drip",
    event: { name: "app/user.signed_up", data: { userId: "user_123", email: "ada@example.com", name: "Ada" } },
    firstStep: "fetch-user",
  },
  "multi-step": {
    functionId: "order-workflow",
    event: {
      name: "shop/order.placed",
      data: { orderId: "order_1", customerId: "cus_123", email: "ada@example.com", items: [{ sku: "sku_mug", quantity: 1 }], totalCents: 1500, currency: "usd" },
    },
    firstStep: "check-inventory",
  },
  "cron-fan-out": {
    functionId: "schedule-daily-digests",
    event: { name: "inngest/scheduled.timer", data: { cron: "TZ=Europe/London 0 8 * * *" } },
    firstStep: "load-recipients",
  },
  webhook: {
    functionId: "handle-stripe-event",
    event: { name: "stripe/event.received", data: { stripeEventId: "evt_1", type: "payment_intent.succeeded", object: { id: "pi_1", metadata: { orderId: "order_123" } } } },
    firstStep: "mark-order-paid",
  },
  "ai-pipeline": {
    functionId: "process-document",
    event: { name: "document/uploaded", data: { documentId: "doc_handbook" } },
    firstStep: "extract-text",
  },
  "wait-for-event": {
    functionId: "trial-conversion",
    event: { name: "app/trial.started", data: { userId: "user_123", email: "ada@example.com", name: "Ada" } },
    firstStep: "wait-for-subscription",
  },
};
