import { sendEmail } from "../../services/email.ts";
import { findUser } from "../../services/users.ts";
import { inngest } from "../client.ts";
import { userDeleted, userSignedUp } from "../events.ts";

export const welcomeDrip = inngest.createFunction(
  {
    id: "welcome-drip",
    triggers: [userSignedUp],
    cancelOn: [{ event: userDeleted, if: "event.data.userId == async.data.userId", timeout: "7d" }],
    retries: 4,
  },
  async ({ event, step }) => {
    const user = await step.run("fetch-user", () => findUser(event.data.userId));
    if (!user) return { userId: event.data.userId, emailsSent: 0 };

    await step.run("send-welcome-email", () =>
      sendEmail({ to: user.email, subject: `Welcome, ${user.name}!`, text: "Thanks for signing up." }),
    );
    await step.sleep("wait-a-day", "24h");
    await step.run("send-tips-email", () =>
      sendEmail({ to: user.email, subject: "Three tips to get started", text: "…" }),
    );
    return { userId: user.id, emailsSent: 2 };
  },
);
