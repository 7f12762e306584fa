import { json } from "@sveltejs/kit";
import { receiveStripeWebhook } from "../../../../webhooks/stripe.ts";
import type { RequestHandler } from "./$types";

// The signature covers the exact bytes sent, so the handler gets the raw body.
export const POST: RequestHandler = async ({ request }) => {
	const { status, body } = await receiveStripeWebhook(await request.text(), request.headers.get("stripe-signature"));
	return json(body, { status });
};
