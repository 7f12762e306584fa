import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("next", allPatterns);
