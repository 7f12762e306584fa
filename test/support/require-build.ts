import { existsSync } from "node:fs";
import path from "node:path";
import { repoRoot } from "./paths.ts";

/** The CLI and end-to-end tests run the built bundle, as users do. */
export default function requireBuild(): void {
  if (!existsSync(path.join(repoRoot, "dist", "cli.cjs")) || !existsSync(path.join(repoRoot, "bin", "create-inngest-app.cjs"))) {
    throw new Error("dist/ or bin/ is missing: run `npm run build` first (`npm test` does it for you).");
  }
}
