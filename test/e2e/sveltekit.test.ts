import { proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("sveltekit", ["durable-sleep"]);
