import { receiveStripeWebhook } from "../webhooks/stripe.ts";
import type { Route } from "./+types/api.webhooks.stripe.ts";

// The signature covers the exact bytes sent, so the handler gets the raw body.
export async function action({ request }: Route.ActionArgs) {
  const { status, body } = await receiveStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
  return Response.json(body, { status });
}
