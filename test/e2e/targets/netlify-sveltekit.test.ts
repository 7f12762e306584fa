import { proveSvelteKitOnNetlify } from "./prove-netlify.ts";

// SvelteKit 2 with @sveltejs/adapter-netlify (one file per pair, so the e2e workers share the installs).
proveSvelteKitOnNetlify(["durable-sleep", "webhook"]);
