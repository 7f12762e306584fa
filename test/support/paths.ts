import path from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const cliPath = path.join(repoRoot, "bin", "create-inngest-app.cjs");
/** Where the suite keeps a Node new enough for SvelteKit and React Router (npm package `node`). */
export const modernNodeDir = path.join(repoRoot, ".cache", "node24");
export const modernNodeBin = path.join(modernNodeDir, "node_modules", "node", "bin");
/** Where the suite keeps pnpm 10, yarn 4 and bun 1 (npm packages `pnpm`, `@yarnpkg/cli-dist`, `bun`). */
export const packageManagersDir = path.join(repoRoot, ".cache", "package-managers");
export const packageManagersBin = path.join(packageManagersDir, "node_modules", ".bin");
