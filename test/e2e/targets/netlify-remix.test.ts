import { proveReactRouterOnNetlify } from "./prove-netlify.ts";

proveReactRouterOnNetlify(["durable-sleep", "webhook"]);
