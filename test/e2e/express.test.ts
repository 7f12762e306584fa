import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("express", allPatterns, { container: true });
proveGeneratedProject("express", ["multi-step"], { devServer: false });
