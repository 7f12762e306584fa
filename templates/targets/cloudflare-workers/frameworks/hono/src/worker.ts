import { app } from "./app.ts";

// The Workers entry: Hono's app is a fetch handler. inngest/hono's serve() reads the bindings itself.
export default app;
