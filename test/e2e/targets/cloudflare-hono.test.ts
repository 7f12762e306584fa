import { proveWorker } from "./prove-worker.ts";

// One file per pair, so the two e2e workers share the installs evenly.
proveWorker("hono", ["durable-sleep", "webhook"]);
