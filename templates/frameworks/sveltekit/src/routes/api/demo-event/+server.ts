import { json } from "@sveltejs/kit";
import { sendDemoEvents } from "../../../inngest/demo-events.ts";
import type { RequestHandler } from "./$types";

export const POST: RequestHandler = async () => {
	const { status, body } = await sendDemoEvents();
	return json(body, { status });
};
