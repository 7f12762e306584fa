import { sendEmail } from "../../services/email.ts";
import { inngest } from "../client.ts";
import { subscriptionCreated, trialStarted } from "../events.ts";

/** How long a trial lasts, as a duration string: the wait below ends after it. */
export const TRIAL_LENGTH = "14d";

/**
 * Trial conversion: wait, for up to the length of the trial, for the user to subscribe. Nothing
 * runs while waiting; the subscription event (or the timeout) resumes the function.
 */
export const trialConversion = inngest.createFunction(
  {
    id: "trial-conversion",
    triggers: [trialStarted],
    // Protects the email provider. Waiting runs do not count against the limit.
    concurrency: { limit: 20 },
    retries: 3,
  },
  async ({ event, step }) => {
    const { userId, email, name } = event.data;

    const subscription = await step.waitForEvent("wait-for-subscription", {
      event: subscriptionCreated,
      timeout: TRIAL_LENGTH,
      // Only this user's subscription ends this user's wait.
      if: "async.data.userId == event.data.userId",
    });

    if (subscription) {
      await step.run("send-thank-you-email", () =>
        sendEmail({ to: email, subject: `Welcome aboard, ${name}!`, text: `Thanks for subscribing to the ${subscription.data.plan} plan.` }),
      );
      return { userId, converted: true, plan: subscription.data.plan };
    }

    // null: the trial ended without a subscription.
    await step.run("send-trial-ended-reminder", () =>
      sendEmail({ to: email, subject: "Your trial has ended", text: "Pick a plan to keep your projects and data." }),
    );
    return { userId, converted: false };
  },
);
