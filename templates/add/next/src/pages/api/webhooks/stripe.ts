import type { NextApiRequest, NextApiResponse } from "next";
import { receiveStripeWebhook } from "../../../webhooks/stripe.ts";

// The signature covers the exact bytes sent: the Pages Router must not parse the body.
export const config = { api: { bodyParser: false } };

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "POST") {
    res.setHeader("Allow", "POST");
    res.status(405).json({ error: "Method not allowed" });
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : chunk);
  const signature = req.headers["stripe-signature"];
  const { status, body } = await receiveStripeWebhook(Buffer.concat(chunks).toString("utf8"), typeof signature === "string" ? signature : undefined);
  res.status(status).json(body);
}
