import { proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("remix", ["durable-sleep"]);
