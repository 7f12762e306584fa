import { cloudflareEnv } from "../cloudflare.ts";
import { inngest } from "../inngest/client.ts";
import { sendDemoEvents } from "../inngest/demo-events.ts";
import type { Route } from "./+types/api.demo-event.ts";

export async function action({ context }: Route.ActionArgs) {
  // On Workers, variables arrive as bindings: hand them to the client before it sends.
  inngest.setEnvVars(context.get(cloudflareEnv));
  const { status, body } = await sendDemoEvents();
  return Response.json(body, { status });
}
