import { proveWorker } from "./prove-worker.ts";

// SvelteKit 2 with @sveltejs/adapter-cloudflare (one file per pair, so the e2e workers share the installs).
proveWorker("sveltekit", ["durable-sleep", "webhook"]);
