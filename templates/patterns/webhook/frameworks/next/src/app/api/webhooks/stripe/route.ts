import { receiveStripeWebhook } from "../../../../webhooks/stripe.ts";

// The signature covers the exact bytes sent, so the handler gets the raw body.
export async function POST(request: Request) {
  const { status, body } = await receiveStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json(body, { status });
}
