import { proveGeneratedProject } from "../prove-project.ts";

// next.test.ts proves Next.js on Vercel (its default); the container targets (Railway, Fly.io,
// self-hosted) share one app and one Dockerfile, proven here once.
proveGeneratedProject("next", ["multi-step"], { target: "railway", container: true, devServer: false });
