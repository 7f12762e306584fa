import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("remix", allPatterns);
proveGeneratedProject("remix", ["ai-pipeline"], { devServer: false });
