export interface Charge {
  id: string;
  orderId: string;
  amountCents: number;
  currency: string;
  refunded: boolean;
}

// Local implementation: charges kept in memory, keyed by idempotency key. With a real provider
// (Stripe, Adyen…) pass the same key with the request: a retried charge then returns the first
// charge instead of taking the money twice.
const charges = new Map<string, Charge>();

const chargeKey = (orderId: string) => `order-${orderId}-charge`;

export async function validatePaymentMethod(customerId: string): Promise<{ valid: boolean; reason?: string }> {
  if (customerId.startsWith("cus_declined")) return { valid: false, reason: "card declined" };
  return { valid: true };
}

/** Charges an order once, however many times it is called for that order. */
export async function chargeOrder(order: { orderId: string; amountCents: number; currency: string }): Promise<Charge> {
  const key = chargeKey(order.orderId);
  const existing = charges.get(key);
  if (existing) return existing;
  const charge: Charge = { id: `ch_${crypto.randomUUID()}`, refunded: false, ...order };
  charges.set(key, charge);
  console.info(`[payments] charged ${order.amountCents} ${order.currency} for ${order.orderId}`);
  return charge;
}

/** Refunds an order's charge if there is one; safe to call again. */
export async function refundOrder(orderId: string): Promise<Charge | null> {
  const charge = charges.get(chargeKey(orderId));
  if (!charge || charge.refunded) return charge ?? null;
  charge.refunded = true;
  console.info(`[payments] refunded ${charge.id} for ${orderId}`);
  return charge;
}
