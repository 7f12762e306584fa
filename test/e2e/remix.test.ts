import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("remix", allPatterns, { container: true });
proveGeneratedProject("remix", ["ai-pipeline"], { devServer: false });
