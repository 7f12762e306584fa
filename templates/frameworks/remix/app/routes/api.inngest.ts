import { serve } from "inngest/remix";
import { inngest } from "../inngest/client.ts";
import { functions } from "../inngest/functions/index.ts";
import type { Route } from "./+types/api.inngest.ts";

// inngest/remix works unchanged for React Router framework mode (there is no dedicated adapter).
const handler = serve({ client: inngest, functions });

// GET: introspection. POST: function runs. PUT: sync with the Inngest server.
export const loader = ({ request }: Route.LoaderArgs) => handler({ request });
export const action = ({ request }: Route.ActionArgs) => handler({ request });
