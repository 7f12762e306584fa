import { proveNetlifyFunctions } from "./prove-netlify.ts";

// Express and Hono serve /api/inngest from a Netlify Function (light installs: one file).
proveNetlifyFunctions("express", ["durable-sleep"]);
proveNetlifyFunctions("hono", ["durable-sleep", "multi-step"]);
