import { sendDemoEvents } from "../inngest/demo-events.ts";

export async function action() {
  const { status, body } = await sendDemoEvents();
  return Response.json(body, { status });
}
