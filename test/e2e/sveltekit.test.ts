import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("sveltekit", allPatterns, { container: true });
proveGeneratedProject("sveltekit", ["webhook"], { devServer: false });
