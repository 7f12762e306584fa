import { serve } from "inngest/next";
import { inngest } from "../../inngest/client.ts";
import { functions } from "../../inngest/functions/index.ts";

// Step state travels in the request body: the Pages Router's 1 MB default is too small.
export const config = { api: { bodyParser: { sizeLimit: "10mb" } } };

export default serve({ client: inngest, functions });
