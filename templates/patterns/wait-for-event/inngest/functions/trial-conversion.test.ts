import { InngestTestEngine, mockCtx } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmail } from "../../services/email.ts";
import { trialConversion } from "./trial-conversion.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));

const trialStarted = { name: "app/trial.started", data: { userId: "user_123", email: "ada@example.com", name: "Ada" } };

/**
 * Runs the function with `step.waitForEvent` resolving to `outcome` (an event, or null for a
 * timeout). @inngest/test 1.0.0 cannot mock a wait through `steps`, so the context is changed instead.
 */
function runWithWaitOutcome(outcome: object | null) {
  const waitForEvent = vi.fn(async () => outcome);
  const t = new InngestTestEngine({
    function: trialConversion,
    events: [trialStarted],
    transformCtx: (raw) => {
      const ctx = mockCtx(raw);
      // The mock returns a plain object where the SDK's type names the exact event shape.
      return { ...ctx, step: { ...ctx.step, waitForEvent } } as typeof ctx;
    },
  });
  return { waitForEvent, run: t.execute() };
}

describe("trial-conversion", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });

  it("waits up to 14 days for this user's subscription", async () => {
    const { waitForEvent, run } = runWithWaitOutcome(null);
    await run;

    expect(waitForEvent).toHaveBeenCalledWith("wait-for-subscription", {
      event: expect.objectContaining({ name: "billing/subscription.created" }),
      timeout: "14d",
      if: "async.data.userId == event.data.userId",
    });
  });

  it("thanks a user who subscribes", async () => {
    const subscription = { name: "billing/subscription.created", data: { userId: "user_123", subscriptionId: "sub_1", plan: "pro" } };
    const { result } = await runWithWaitOutcome(subscription).run;

    expect(result).toEqual({ userId: "user_123", converted: true, plan: "pro" });
    expect(sendEmail).toHaveBeenCalledWith(expect.objectContaining({ subject: "Welcome aboard, Ada!" }));
  });

  it("sends a reminder when the trial ends without a subscription", async () => {
    const { result } = await runWithWaitOutcome(null).run;

    expect(result).toEqual({ userId: "user_123", converted: false });
    expect(sendEmail).toHaveBeenCalledTimes(1);
    expect(sendEmail).toHaveBeenCalledWith(expect.objectContaining({ subject: "Your trial has ended" }));
  });
});
