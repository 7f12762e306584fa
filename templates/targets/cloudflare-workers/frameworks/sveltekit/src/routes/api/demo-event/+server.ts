import { json } from "@sveltejs/kit";
import { inngest } from "../../../inngest/client.ts";
import { sendDemoEvents } from "../../../inngest/demo-events.ts";
import type { RequestHandler } from "./$types";

export const POST: RequestHandler = async ({ platform }) => {
	// On Workers, variables arrive as bindings: hand them to the client before it sends.
	inngest.setEnvVars(platform?.env);
	const { status, body } = await sendDemoEvents();
	return json(body, { status });
};
