import { proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("express", ["durable-sleep"]);
