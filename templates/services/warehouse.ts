export interface OrderLine {
  sku: string;
  quantity: number;
}

// Local implementation: stock levels in memory. Replace with your inventory and shipping systems.
const stock = new Map<string, number>([
  ["sku_mug", 120],
  ["sku_tshirt", 40],
  ["sku_poster", 0],
]);
const shipments = new Map<string, string>();

export async function checkStock(lines: OrderLine[]): Promise<{ inStock: boolean; missing: OrderLine[] }> {
  const missing = lines
    .map((line) => ({ sku: line.sku, quantity: line.quantity - (stock.get(line.sku) ?? 0) }))
    .filter((line) => line.quantity > 0);
  return { inStock: missing.length === 0, missing };
}

/** Creates the shipment for an order once; calling again returns the same tracking number. */
export async function createShipment(orderId: string, lines: OrderLine[]): Promise<{ trackingNumber: string }> {
  let trackingNumber = shipments.get(orderId);
  if (!trackingNumber) {
    trackingNumber = `TRK${Math.floor(Math.random() * 1e10).toString().padStart(10, "0")}`;
    shipments.set(orderId, trackingNumber);
    for (const line of lines) stock.set(line.sku, (stock.get(line.sku) ?? 0) - line.quantity);
  }
  return { trackingNumber };
}
