import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("express", allPatterns);
proveGeneratedProject("express", ["multi-step"], { devServer: false });
