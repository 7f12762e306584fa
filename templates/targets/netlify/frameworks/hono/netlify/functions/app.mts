import { app } from "../../src/app.ts";

// Every other route of the Hono app (home, demo event, webhooks) as one function.
export default (req: Request) => app.fetch(req);

export const config = { path: "/*", excludedPath: "/api/inngest" };
