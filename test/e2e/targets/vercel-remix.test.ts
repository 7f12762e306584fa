import { proveReactRouterOnVercel } from "./prove-vercel.ts";

// React Router 7 with Vercel's preset (one file per pair, so the e2e workers share the installs).
proveReactRouterOnVercel(["durable-sleep", "webhook"]);
