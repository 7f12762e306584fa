import { proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("next", ["durable-sleep"]);
