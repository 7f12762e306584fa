import { NonRetriableError, type GetStepTools } from "inngest";
import type { z } from "zod";
import { sendEmail } from "../../services/email.ts";
import { chargeOrder, refundOrder, validatePaymentMethod } from "../../services/payments.ts";
import { checkStock, createShipment } from "../../services/warehouse.ts";
import { inngest } from "../client.ts";
import { orderBackordered, orderPlaced } from "../events.ts";

type Order = z.infer<typeof orderPlaced.schema>;

/**
 * Order workflow: check stock and the payment method at the same time, then charge and ship.
 * Each step runs once: if shipping fails and retries, the charge is not repeated.
 */
export const orderWorkflow = inngest.createFunction(
  {
    id: "order-workflow",
    triggers: [orderPlaced],
    // The same order placed twice (a double click, a retried request) runs once.
    idempotency: "event.data.orderId",
    // Keeps calls to the payment provider and the warehouse within their rate limits.
    concurrency: { limit: 10 },
    retries: 5,
    // Runs once retries are exhausted (or on a NonRetriableError): undo what was done.
    onFailure: async ({ event, error, step }) => compensateFailedOrder(step, event.data.event.data, error.message),
  },
  async ({ event, step }) => {
    const order = event.data;

    // Two steps at once: Promise.all of steps runs them in parallel.
    const [stock, paymentMethod] = await Promise.all([
      step.run("check-inventory", () => checkStock(order.items)),
      step.run("validate-payment-method", () => validatePaymentMethod(order.customerId)),
    ]);

    if (!paymentMethod.valid) {
      // Retrying will not fix a declined card: fail now, and let onFailure tell the customer.
      throw new NonRetriableError(`Payment method refused for ${order.orderId}: ${paymentMethod.reason}`);
    }

    if (!stock.inStock) {
      await step.sendEvent("notify-backorder", orderBackordered.create({ orderId: order.orderId, missing: stock.missing }));
      return { orderId: order.orderId, status: "backordered" as const, missing: stock.missing };
    }

    // The payments service passes an idempotency key to the provider, so a retry never charges twice.
    const charge = await step.run("charge-payment", () =>
      chargeOrder({ orderId: order.orderId, amountCents: order.totalCents, currency: order.currency }),
    );
    const shipment = await step.run("create-shipment", () => createShipment(order.orderId, order.items));

    return { orderId: order.orderId, status: "shipped" as const, chargeId: charge.id, trackingNumber: shipment.trackingNumber };
  },
);

/**
 * Compensation for a failed order: refund the charge if one was taken, then tell the customer.
 * Both steps are safe to repeat.
 */
export async function compensateFailedOrder(step: GetStepTools<typeof inngest>, order: Order, reason: string) {
  const refund = await step.run("refund-payment", () => refundOrder(order.orderId));
  await step.run("notify-customer", () =>
    sendEmail({
      to: order.email,
      subject: `We could not complete order ${order.orderId}`,
      text: refund
        ? `Something went wrong (${reason}). Your payment has been refunded.`
        : `Something went wrong (${reason}). You have not been charged.`,
    }),
  );
  return { orderId: order.orderId, refunded: refund !== null };
}
