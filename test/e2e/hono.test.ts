import { allPatterns, proveGeneratedProject } from "./prove-project.ts";

proveGeneratedProject("hono", allPatterns, { container: true });
// Each pattern alone somewhere: the light frameworks carry most of them.
proveGeneratedProject("hono", ["durable-sleep"], { devServer: false });
proveGeneratedProject("hono", ["cron-fan-out"], { devServer: false });
proveGeneratedProject("hono", ["wait-for-event"], { devServer: false });
