export type OrderStatus = "pending" | "paid" | "payment_failed" | "refunded";

export interface Order {
  id: string;
  email: string;
  status: OrderStatus;
  paymentId?: string;
}

// Local implementation: orders in memory. Replace with your database. Each update sets a state
// rather than adding to one, so applying it twice changes nothing.
const orders = new Map<string, Order>([["order_123", { id: "order_123", email: "ada@example.com", status: "pending" }]]);

export async function findOrder(id: string): Promise<Order | null> {
  return orders.get(id) ?? null;
}

export async function updateOrder(id: string, update: Pick<Order, "status"> & Partial<Order>): Promise<Order | null> {
  const order = orders.get(id);
  if (!order) return null;
  Object.assign(order, update);
  console.info(`[orders] ${id} is ${order.status}`);
  return order;
}
