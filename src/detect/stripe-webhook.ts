import path from "node:path";
import { listSourceFiles, readSourceFile } from "../code/project-files.ts";

/** The variable a Stripe webhook route reads its signing secret from, in `create` and in most apps. */
export const stripeSecretName = "STRIPE_WEBHOOK_SECRET";

/**
 * A Stripe webhook route the project already has, found by the secret it reads: each Stripe
 * endpoint has its own signing secret, so a second one must read another variable. Our own
 * handler (from an earlier `add`) is not the user's.
 */
export function findStripeWebhook(root: string): { file: string } | undefined {
  for (const { rel } of listSourceFiles(root).files) {
    const read = readSourceFile(path.join(root, rel));
    if (!read.ok || !read.text.includes(stripeSecretName)) continue;
    if (new RegExp(`\\b${stripeSecretName}\\b`).test(read.text) && !read.text.includes("receiveStripeWebhook")) return { file: rel };
  }
  return undefined;
}
