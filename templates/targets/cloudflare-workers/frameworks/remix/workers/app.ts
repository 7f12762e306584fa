import { createRequestHandler, RouterContextProvider } from "react-router";
import { cloudflareEnv } from "../app/cloudflare.ts";

const requestHandler = createRequestHandler(() => import("virtual:react-router/server-build"), import.meta.env.MODE);

// The Workers entry: every request goes to React Router, with the Worker's bindings in its context.
export default {
  async fetch(request: Request, env: Record<string, string | undefined>): Promise<Response> {
    const context = new RouterContextProvider();
    context.set(cloudflareEnv, env);
    return requestHandler(request, context);
  },
};
