import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmail } from "../../services/email.ts";
import { findOrder } from "../../services/orders.ts";
import { handleStripeEvent } from "./stripe-events.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));

const stripeEvent = (type: string, metadata: Record<string, string> = { orderId: "order_123" }) => ({
  name: "stripe/event.received",
  id: "evt_1",
  data: { stripeEventId: "evt_1", type, object: { id: "pi_1", metadata } },
});

const run = (event: ReturnType<typeof stripeEvent>) => new InngestTestEngine({ function: handleStripeEvent, events: [event] }).execute();

describe("handle-stripe-event", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });

  it("marks the order paid when the payment succeeds", async () => {
    const { result, ctx } = await run(stripeEvent("payment_intent.succeeded"));

    expect(result).toEqual({ type: "payment_intent.succeeded", handled: true, orderId: "order_123" });
    expect(ctx.step.run).toHaveBeenCalledWith("mark-order-paid", expect.any(Function));
    expect(await findOrder("order_123")).toMatchObject({ status: "paid", paymentId: "pi_1" });
  });

  it("leaves the order as it is when the same payment is handled twice", async () => {
    await run(stripeEvent("payment_intent.succeeded"));
    await run(stripeEvent("payment_intent.succeeded"));
    expect(await findOrder("order_123")).toMatchObject({ status: "paid", paymentId: "pi_1" });
  });

  it("asks the customer for a new card when the payment fails", async () => {
    const { result } = await run(stripeEvent("payment_intent.payment_failed"));

    expect(result).toMatchObject({ handled: true });
    expect(sendEmail).toHaveBeenCalledWith(expect.objectContaining({ to: "ada@example.com", subject: "Your payment did not go through" }));
    expect(await findOrder("order_123")).toMatchObject({ status: "payment_failed" });
  });

  it("acknowledges event types it does not handle, and touches nothing", async () => {
    const { result, ctx } = await run(stripeEvent("customer.created"));

    expect(result).toEqual({ type: "customer.created", handled: false, reason: "event type not handled" });
    expect(ctx.step.run).not.toHaveBeenCalled();
  });

  it("runs once per Stripe event id", () => {
    expect(handleStripeEvent.opts.idempotency).toBe("event.data.stripeEventId");
  });
});
