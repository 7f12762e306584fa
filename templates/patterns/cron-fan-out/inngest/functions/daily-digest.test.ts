import { InngestTestEngine } from "@inngest/test";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { sendEmail } from "../../services/email.ts";
import { listDigestRecipients } from "../../services/users.ts";
import { digestDate, scheduleDailyDigests, sendDigest } from "./daily-digest.ts";

vi.mock("../../services/email.ts", () => ({ sendEmail: vi.fn(async () => ({ id: "email-1" })) }));
vi.mock("../../services/users.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../services/users.ts")>();
  return { ...actual, listDigestRecipients: vi.fn(actual.listDigestRecipients) };
});

// An unmocked step.sendEvent needs an event key: every run mocks it, with a fresh array.
const mockFanOut = () => [{ id: "fan-out-digests", handler: () => ({ ids: ["evt_1", "evt_2"] }) }];

describe("schedule-daily-digests", () => {
  // 23:30 UTC is already the next day in London in summer (BST), not in winter: pin the clock.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-07-14T23:30:00Z") });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("dates the digest in the schedule's time zone", () => {
    expect(digestDate(new Date())).toBe("2026-07-15");
    expect(digestDate(new Date("2026-01-14T23:30:00Z"))).toBe("2026-01-14");
  });

  it("sends one digest event per subscribed user, in one call, with stable ids", async () => {
    const t = new InngestTestEngine({ function: scheduleDailyDigests });
    const { result, ctx } = await t.execute({ steps: mockFanOut() });

    const date = "2026-07-15";
    expect(result).toEqual({ date, fannedOut: 2 });
    expect(ctx.step.sendEvent).toHaveBeenCalledTimes(1);
    expect(ctx.step.sendEvent).toHaveBeenCalledWith("fan-out-digests", [
      expect.objectContaining({ name: "app/digest.requested", id: `digest-${date}-user_123`, data: { userId: "user_123", email: "ada@example.com", date } }),
      expect.objectContaining({ name: "app/digest.requested", id: `digest-${date}-user_456` }),
    ]);
  });

  it("sends nothing when nobody is subscribed", async () => {
    vi.mocked(listDigestRecipients).mockResolvedValueOnce([]);
    const t = new InngestTestEngine({ function: scheduleDailyDigests });
    const { result, ctx } = await t.execute({ steps: mockFanOut() });

    expect(result).toMatchObject({ fannedOut: 0 });
    expect(ctx.step.sendEvent).not.toHaveBeenCalled();
  });
});

describe("send-digest", () => {
  beforeEach(() => {
    vi.mocked(sendEmail).mockClear();
  });
  const requested = (userId: string) => ({ name: "app/digest.requested", data: { userId, email: "ada@example.com", date: "2026-01-15" } });

  it("builds the digest and emails it", async () => {
    const t = new InngestTestEngine({ function: sendDigest, events: [requested("user_123")] });
    const { result } = await t.execute();

    expect(result).toEqual({ userId: "user_123", sent: true, items: 2 });
    expect(sendEmail).toHaveBeenCalledWith(expect.objectContaining({ to: "ada@example.com", subject: "Your digest for 2026-01-15" }));
  });

  it("sends no email when there is nothing new", async () => {
    const t = new InngestTestEngine({ function: sendDigest, events: [requested("user_456")] });
    const { result, ctx } = await t.execute();

    expect(result).toEqual({ userId: "user_456", sent: false });
    expect(ctx.step.run).not.toHaveBeenCalledWith("send-digest-email", expect.any(Function));
    expect(sendEmail).not.toHaveBeenCalled();
  });
});
