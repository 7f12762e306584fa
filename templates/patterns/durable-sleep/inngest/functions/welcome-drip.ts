import { sendEmail } from "../../services/email.ts";
import { findUser } from "../../services/users.ts";
import { inngest } from "../client.ts";
import { userDeleted, userSignedUp } from "../events.ts";

/**
 * Welcome drip: a welcome email now, tips a day later. The day of waiting costs nothing: Inngest
 * stops the run at `step.sleep` and calls it again when the time is up, skipping finished steps.
 */
export const welcomeDrip = inngest.createFunction(
  {
    id: "welcome-drip",
    triggers: [userSignedUp],
    // A user who deletes their account gets no more emails.
    cancelOn: [{ event: userDeleted, if: "event.data.userId == async.data.userId", timeout: "2d" }],
    // Protects the email provider. Sleeping runs do not count against the limit.
    concurrency: { limit: 20 },
    retries: 4,
  },
  async ({ event, step }) => {
    const user = await step.run("fetch-user", () => findUser(event.data.userId));
    if (!user) return { userId: event.data.userId, emailsSent: 0 };

    await step.run("send-welcome-email", () =>
      sendEmail({
        to: user.email,
        subject: `Welcome, ${user.name}!`,
        text: "Thanks for signing up. Your account is ready.",
      }),
    );

    await step.sleep("wait-a-day", "24h");

    await step.run("send-tips-email", () =>
      sendEmail({
        to: user.email,
        subject: "Three tips for your first week",
        text: "1. Invite your team.\n2. Connect your data.\n3. Turn on notifications.",
      }),
    );
    return { userId: user.id, emailsSent: 2 };
  },
);
