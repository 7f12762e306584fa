import { sendEmail } from "../../services/email.ts";
import { findOrder, updateOrder } from "../../services/orders.ts";
import { inngest } from "../client.ts";
import { stripeEventReceived } from "../events.ts";

/**
 * Handles verified Stripe webhooks (see `webhooks/stripe.ts`), routing on the Stripe event type.
 * Stripe delivers at least once and sometimes twice: `idempotency` runs each Stripe event once.
 */
export const handleStripeEvent = inngest.createFunction(
  {
    id: "handle-stripe-event",
    triggers: [stripeEventReceived],
    idempotency: "event.data.stripeEventId",
    // Stripe can send bursts (a batch of refunds): keep database writes and emails in check.
    concurrency: { limit: 10 },
    retries: 5,
  },
  async ({ event, step }) => {
    const { type, object } = event.data;
    const orderId = object.metadata?.orderId;
    if (!orderId) return { type, handled: false, reason: "no orderId in the object's metadata" };

    switch (type) {
      case "payment_intent.succeeded":
        await step.run("mark-order-paid", () => updateOrder(orderId, { status: "paid", paymentId: object.id }));
        return { type, handled: true, orderId };

      case "payment_intent.payment_failed":
        await step.run("mark-payment-failed", () => updateOrder(orderId, { status: "payment_failed" }));
        await step.run("ask-for-new-payment-method", async () => {
          const order = await findOrder(orderId);
          if (!order) return null;
          return sendEmail({ to: order.email, subject: "Your payment did not go through", text: `Please update your card to complete order ${orderId}.` });
        });
        return { type, handled: true, orderId };

      case "charge.refunded":
        await step.run("mark-order-refunded", () => updateOrder(orderId, { status: "refunded" }));
        return { type, handled: true, orderId };

      default:
        // Acknowledged and ignored: subscribe the endpoint only to the types handled above.
        return { type, handled: false, reason: "event type not handled" };
    }
  },
);
