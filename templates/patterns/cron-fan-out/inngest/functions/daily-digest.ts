import { cron } from "inngest";
import { activitySince } from "../../services/activity.ts";
import { sendEmail } from "../../services/email.ts";
import { listDigestRecipients } from "../../services/users.ts";
import { inngest } from "../client.ts";
import { digestRequested } from "../events.ts";

/** Digests go out at 08:00 every day in this time zone, daylight saving time included. */
export const DIGEST_TIME_ZONE = "Europe/London";

/** Today's date (YYYY-MM-DD) where the digest is scheduled, not where the server runs. */
export const digestDate = (now: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: DIGEST_TIME_ZONE }).format(now);

/**
 * The schedule: loads the recipients and fans out one `app/digest.requested` event per recipient,
 * so each digest runs, retries and fails on its own. One slow or broken mailbox delays nobody else.
 */
export const scheduleDailyDigests = inngest.createFunction(
  {
    id: "schedule-daily-digests",
    triggers: [cron(`TZ=${DIGEST_TIME_ZONE} 0 8 * * *`)],
    // One schedule run at a time, even if someone invokes it by hand while it runs.
    concurrency: { limit: 1 },
    retries: 3,
  },
  async ({ step }) => {
    // The date is decided inside a step: replays of this run see the same value.
    const { date, recipients } = await step.run("load-recipients", async () => ({
      date: digestDate(new Date()),
      recipients: await listDigestRecipients(),
    }));
    if (recipients.length === 0) return { date, fannedOut: 0 };

    // One call, one event per recipient. The event id makes a repeated fan-out (a retry, a manual
    // re-run) a no-op for anyone already sent. Page through very large lists (thousands per call).
    await step.sendEvent(
      "fan-out-digests",
      recipients.map((r) => digestRequested.create({ userId: r.id, email: r.email, date }, { id: `digest-${date}-${r.id}` })),
    );
    return { date, fannedOut: recipients.length };
  },
);

/** One digest: build it, send it. At most 10 at a time, to stay within the email provider's limits. */
export const sendDigest = inngest.createFunction(
  { id: "send-digest", triggers: [digestRequested], concurrency: { limit: 10 }, retries: 4 },
  async ({ event, step }) => {
    const { userId, email, date } = event.data;
    const items = await step.run("build-digest", () => activitySince(userId, date));
    if (items.length === 0) return { userId, sent: false };

    await step.run("send-digest-email", () =>
      sendEmail({
        to: email,
        subject: `Your digest for ${date}`,
        text: items.map((item) => `- ${item.title}: ${item.url}`).join("\n"),
      }),
    );
    return { userId, sent: true, items: items.length };
  },
);
