import { proveSvelteKitOnVercel } from "./prove-vercel.ts";

// SvelteKit 2 with @sveltejs/adapter-vercel (one file per pair, so the e2e workers share the installs).
proveSvelteKitOnVercel(["durable-sleep", "webhook"]);
