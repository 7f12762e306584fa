import { createHmac } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { inngest } from "../inngest/client.ts";
import { receiveStripeWebhook, verifyStripeSignature } from "./stripe.ts";

const secret = "whsec_test_secret";
const now = () => Math.floor(Date.now() / 1000);

/** Signs a body the way Stripe does. */
const sign = (body: string, key = secret, timestamp = now()) =>
  `t=${timestamp},v1=${createHmac("sha256", key).update(`${timestamp}.${body}`).digest("hex")}`;

const paymentSucceeded = JSON.stringify({
  id: "evt_1",
  type: "payment_intent.succeeded",
  data: { object: { id: "pi_1", amount: 3000, metadata: { orderId: "order_123" } } },
});

describe("verifyStripeSignature", () => {
  it("accepts a body signed with the secret", async () => {
    expect(await verifyStripeSignature(paymentSucceeded, sign(paymentSucceeded), secret)).toBe(true);
  });

  it("rejects a wrong secret, a changed body, an old timestamp and a missing or malformed header", async () => {
    expect(await verifyStripeSignature(paymentSucceeded, sign(paymentSucceeded, "whsec_other"), secret)).toBe(false);
    expect(await verifyStripeSignature(paymentSucceeded.replace("3000", "1"), sign(paymentSucceeded), secret)).toBe(false);
    expect(await verifyStripeSignature(paymentSucceeded, sign(paymentSucceeded, secret, now() - 3600), secret)).toBe(false);
    expect(await verifyStripeSignature(paymentSucceeded, undefined, secret)).toBe(false);
    expect(await verifyStripeSignature(paymentSucceeded, "t=abc,v1=xyz", secret)).toBe(false);
  });
});

describe("receiveStripeWebhook", () => {
  const send = vi.spyOn(inngest, "send").mockResolvedValue({ ids: ["evt_1"] });
  beforeEach(() => {
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", secret);
    send.mockClear();
  });
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("sends a correctly signed webhook to Inngest with Stripe's event id", async () => {
    const response = await receiveStripeWebhook(paymentSucceeded, sign(paymentSucceeded));

    expect(response).toEqual({ status: 200, body: { received: true } });
    expect(send).toHaveBeenCalledWith(
      expect.objectContaining({
        name: "stripe/event.received",
        id: "evt_1",
        data: { stripeEventId: "evt_1", type: "payment_intent.succeeded", object: expect.objectContaining({ id: "pi_1" }) },
      }),
    );
  });

  it("gives a redelivered webhook the same event id, so Inngest runs it once", async () => {
    await receiveStripeWebhook(paymentSucceeded, sign(paymentSucceeded));
    await receiveStripeWebhook(paymentSucceeded, sign(paymentSucceeded, secret, now() - 60));

    const ids = send.mock.calls.map(([event]) => (event as { id?: string }).id);
    expect(ids).toEqual(["evt_1", "evt_1"]);
  });

  it("answers 400 and sends nothing when the signature is bad or missing", async () => {
    expect(await receiveStripeWebhook(paymentSucceeded, sign(paymentSucceeded, "whsec_wrong"))).toMatchObject({ status: 400 });
    expect(await receiveStripeWebhook(paymentSucceeded, null)).toMatchObject({ status: 400 });
    expect(send).not.toHaveBeenCalled();
  });

  it("refuses everything while the secret is not configured", async () => {
    vi.stubEnv("STRIPE_WEBHOOK_SECRET", "");
    expect(await receiveStripeWebhook(paymentSucceeded, sign(paymentSucceeded))).toMatchObject({ status: 500 });
    expect(send).not.toHaveBeenCalled();
  });
});
