import { serve } from "inngest/edge";
import { inngest } from "../../src/inngest/client.ts";
import { functions } from "../../src/inngest/functions/index.ts";

const handler = serve({ client: inngest, functions });

// A Netlify Functions 2.0 handler (web Request in, Response out), routed at /api/inngest.
export default (req: Request) => handler(req);

export const config = { path: "/api/inngest" };
