import { z } from "zod";
import { inngest } from "../inngest/client.ts";
import { stripeEventReceived } from "../inngest/events.ts";

/** Stripe's default: a signature older than five minutes may be a replay. */
const TOLERANCE_SECONDS = 300;

const stripeEnvelope = z.object({
  id: z.string(),
  type: z.string(),
  data: z.object({ object: stripeEventReceived.schema.shape.object }),
});

export interface WebhookResult {
  status: 200 | 400 | 500 | 502;
  body: { received: true } | { error: string };
}

/**
 * Receives a Stripe webhook: checks its signature, then sends it to Inngest as an event whose id is
 * Stripe's event id. The route answers fast; the work happens in the function, with retries.
 * A request that fails the check never becomes an event.
 */
export async function receiveStripeWebhook(rawBody: string, signatureHeader: string | null | undefined): Promise<WebhookResult> {
  const secret = process.env.STRIPE_WEBHOOK_SECRET;
  if (!secret) {
    console.error("STRIPE_WEBHOOK_SECRET is not set: every Stripe webhook is refused until it is.");
    return { status: 500, body: { error: "Webhook secret not configured" } };
  }
  if (!(await verifyStripeSignature(rawBody, signatureHeader, secret))) {
    return { status: 400, body: { error: "Invalid signature" } };
  }

  let envelope: z.infer<typeof stripeEnvelope>;
  try {
    envelope = stripeEnvelope.parse(JSON.parse(rawBody));
  } catch {
    return { status: 400, body: { error: "Not a Stripe event" } };
  }

  try {
    await inngest.send(
      stripeEventReceived.create(
        { stripeEventId: envelope.id, type: envelope.type, object: envelope.data.object },
        // Same Stripe event, same Inngest event id: Inngest drops the duplicates of a redelivery.
        { id: envelope.id },
      ),
    );
  } catch (error) {
    console.error(error);
    // Not a 2xx: Stripe delivers the webhook again later, so nothing is lost.
    return { status: 502, body: { error: "Could not queue the event" } };
  }
  return { status: 200, body: { received: true } };
}

/**
 * Checks a `Stripe-Signature` header (`t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`) with
 * Web Crypto, which runs on Node, edge runtimes and Workers alike. The comparison is constant-time.
 * The official `stripe` package does the same with `stripe.webhooks.constructEventAsync`.
 */
export async function verifyStripeSignature(
  rawBody: string,
  header: string | null | undefined,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<boolean> {
  if (!header) return false;
  const parts = header.split(",").map((part) => part.trim().split("="));
  const timestamp = Number(parts.find(([key]) => key === "t")?.[1]);
  const signatures = parts.flatMap(([key, value]) => (key === "v1" && value && /^[0-9a-f]{64}$/.test(value) ? [value] : []));
  if (!Number.isInteger(timestamp) || signatures.length === 0) return false;
  if (Math.abs(nowSeconds - timestamp) > TOLERANCE_SECONDS) return false;

  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
  const signedPayload = encoder.encode(`${timestamp}.${rawBody}`);
  for (const signature of signatures) {
    const bytes = new Uint8Array((signature.match(/../g) ?? []).map((byte) => parseInt(byte, 16)));
    if (await crypto.subtle.verify("HMAC", key, bytes, signedPayload)) return true;
  }
  return false;
}
