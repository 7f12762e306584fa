import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmail } from "../../services/email.ts";
import { chargeOrder } from "../../services/payments.ts";
import { inngest } from "../client.ts";
import { orderPlaced } from "../events.ts";
import { compensateFailedOrder, orderWorkflow } from "./order-workflow.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));

const order = (overrides: Record<string, unknown> = {}) => ({
  name: "shop/order.placed",
  data: {
    orderId: `order_${Math.random().toString(36).slice(2)}`,
    customerId: "cus_123",
    email: "ada@example.com",
    items: [{ sku: "sku_mug", quantity: 2 }],
    totalCents: 3000,
    currency: "usd",
    ...overrides,
  },
});

describe("order-workflow", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });

  it("checks stock and payment in parallel, charges once, then ships", async () => {
    const t = new InngestTestEngine({ function: orderWorkflow, events: [order({ orderId: "order_1" })] });
    const { result, ctx } = await t.execute();

    expect(result).toMatchObject({ orderId: "order_1", status: "shipped", chargeId: expect.stringMatching(/^ch_/) });
    expect(ctx.step.run).toHaveBeenCalledWith("check-inventory", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("validate-payment-method", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("charge-payment", expect.any(Function));
    expect(ctx.step.run).toHaveBeenCalledWith("create-shipment", expect.any(Function));
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });

  it("charges an order once even when its charge step runs again", async () => {
    const first = await chargeOrder({ orderId: "order_2", amountCents: 3000, currency: "usd" });
    const again = await chargeOrder({ orderId: "order_2", amountCents: 3000, currency: "usd" });
    expect(again.id).toBe(first.id);
  });

  it("sends a backorder event and charges nothing when items are out of stock", async () => {
    const t = new InngestTestEngine({
      function: orderWorkflow,
      events: [order({ orderId: "order_3", items: [{ sku: "sku_poster", quantity: 1 }] })],
    });
    // An unmocked step.sendEvent needs an event key: mock it (a fresh array per run).
    const { result, ctx } = await t.execute({ steps: [{ id: "notify-backorder", handler: () => ({ ids: ["evt_1"] }) }] });

    expect(result).toEqual({ orderId: "order_3", status: "backordered", missing: [{ sku: "sku_poster", quantity: 1 }] });
    expect(ctx.step.sendEvent).toHaveBeenCalledWith(
      "notify-backorder",
      expect.objectContaining({ name: "shop/order.backordered", data: { orderId: "order_3", missing: [{ sku: "sku_poster", quantity: 1 }] } }),
    );
    expect(ctx.step.run).not.toHaveBeenCalledWith("charge-payment", expect.any(Function));
  });

  it("fails without retrying when the payment method is refused", async () => {
    const t = new InngestTestEngine({ function: orderWorkflow, events: [order({ customerId: "cus_declined_1" })] });
    const { error, ctx } = await t.execute();

    expect(error).toMatchObject({ name: "NonRetriableError", message: expect.stringContaining("card declined") });
    expect(ctx.step.run).not.toHaveBeenCalledWith("charge-payment", expect.any(Function));
  });
});

describe("order-workflow onFailure", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });

  // @inngest/test cannot call an onFailure handler, so a test function runs the same compensation.
  const compensation = inngest.createFunction({ id: "test-compensation", triggers: [orderPlaced] }, ({ event, step }) =>
    compensateFailedOrder(step, event.data, "warehouse unavailable"),
  );

  it("refunds a charged order and tells the customer", async () => {
    const placed = order({ orderId: "order_4" });
    await chargeOrder({ orderId: "order_4", amountCents: 3000, currency: "usd" });
    const { result, ctx } = await new InngestTestEngine({ function: compensation, events: [placed] }).execute();

    expect(result).toEqual({ orderId: "order_4", refunded: true });
    expect(ctx.step.run).toHaveBeenCalledWith("refund-payment", expect.any(Function));
    expect(vi.mocked(sendEmail).mock.calls[0]?.[0].text).toMatch(/refunded/);
  });

  it("refunds nothing when nothing was charged", async () => {
    const { result } = await new InngestTestEngine({ function: compensation, events: [order({ orderId: "order_5" })] }).execute();

    expect(result).toEqual({ orderId: "order_5", refunded: false });
    expect(vi.mocked(sendEmail).mock.calls[0]?.[0].text).toMatch(/not been charged/);
  });
});
