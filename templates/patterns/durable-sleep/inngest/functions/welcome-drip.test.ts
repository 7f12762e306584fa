import { InngestTestEngine } from "@inngest/test";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmail } from "../../services/email.ts";
import { userDeleted } from "../events.ts";
import { welcomeDrip } from "./welcome-drip.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));

const signedUp = (userId: string) => ({
  name: "app/user.signed_up",
  data: { userId, email: "ada@example.com", name: "Ada" },
});

// An unmocked step.sleep never resolves: every run stubs it, with a fresh array (the engine keeps state on it).
const skipTheWait = () => [{ id: "wait-a-day", handler() {} }];

describe("welcome-drip", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });

  it("sends the welcome email, sleeps a day, then sends tips", async () => {
    const t = new InngestTestEngine({ function: welcomeDrip, events: [signedUp("user_123")] });
    const { result, ctx } = await t.execute({ steps: skipTheWait() });

    expect(result).toEqual({ userId: "user_123", emailsSent: 2 });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-a-day", "24h");
    expect(vi.mocked(sendEmail).mock.calls.map(([email]) => email.subject)).toEqual([
      "Welcome, Ada!",
      "Three tips for your first week",
    ]);
  });

  it("parks at the day's sleep, where deleting the same user cancels it before the tips", async () => {
    // Inngest cancels the run when app/user.deleted arrives for the same user within 2 days.
    expect(welcomeDrip.opts.cancelOn).toEqual([{ event: userDeleted, if: "event.data.userId == async.data.userId", timeout: "2d" }]);

    const t = new InngestTestEngine({ function: welcomeDrip, events: [signedUp("user_123")] });
    await t.executeStep("wait-a-day");
    // Cancelled at this point, the user got the welcome email and nothing else.
    expect(vi.mocked(sendEmail).mock.calls.map(([email]) => email.subject)).toEqual(["Welcome, Ada!"]);
  });

  it("sends nothing when the user no longer exists", async () => {
    const t = new InngestTestEngine({ function: welcomeDrip, events: [signedUp("user_gone")] });
    const { result, ctx } = await t.execute({ steps: skipTheWait() });

    expect(result).toEqual({ userId: "user_gone", emailsSent: 0 });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
    expect(sendEmail).not.toHaveBeenCalled();
  });
});
