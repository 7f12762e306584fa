import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("sveltekit", allPatterns);
proveGeneratedProject("sveltekit", ["webhook"], { devServer: false });
