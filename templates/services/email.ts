export interface Email {
  to: string;
  subject: string;
  text: string;
}

/** Local implementation: logs the email. Plug in your provider (Resend, Postmark, SES…) here. */
export async function sendEmail(email: Email): Promise<{ id: string }> {
  console.info(`[email] to=${email.to} subject="${email.subject}"`);
  return { id: `local-${crypto.randomUUID()}` };
}
