import { proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("hono", ["durable-sleep"]);
