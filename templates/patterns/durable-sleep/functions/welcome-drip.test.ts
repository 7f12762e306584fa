import { InngestTestEngine } from "@inngest/test";
import { describe, expect, it, vi } from "vitest";
import { welcomeDrip } from "./welcome-drip.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));

const signedUp = (userId: string) => ({
  name: "app/user.signed_up",
  data: { userId, email: "ada@example.com", name: "Ada" },
});

describe("welcome-drip", () => {
  it("sends the welcome email, sleeps a day, then sends tips", async () => {
    const t = new InngestTestEngine({ function: welcomeDrip, events: [signedUp("user_123")] });
    const { result, ctx } = await t.execute({ steps: [{ id: "wait-a-day", handler() {} }] });

    expect(result).toEqual({ userId: "user_123", emailsSent: 2 });
    expect(ctx.step.sleep).toHaveBeenCalledWith("wait-a-day", "24h");
    expect(ctx.step.run).toHaveBeenCalledWith("send-tips-email", expect.any(Function));
  });

  it("stops when the user no longer exists", async () => {
    const t = new InngestTestEngine({ function: welcomeDrip, events: [signedUp("user_gone")] });
    const { result, ctx } = await t.execute({ steps: [{ id: "wait-a-day", handler() {} }] });

    expect(result).toEqual({ userId: "user_gone", emailsSent: 0 });
    expect(ctx.step.sleep).not.toHaveBeenCalled();
  });
});
