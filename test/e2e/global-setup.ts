import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { modernNodeBin, modernNodeDir } from "../support/paths.ts";

/**
 * SvelteKit 3 and React Router 8 need Node ≥ 22.17 / 22.22. When the suite runs on an older Node,
 * it brings Node 24 from the npm package `node`, once, before any test starts.
 */
export default async function setup(): Promise<void> {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major > 22 || (major === 22 && minor >= 22)) return;
  if (existsSync(path.join(modernNodeBin, "node"))) return;
  await mkdir(modernNodeDir, { recursive: true });
  await execa("npm", ["install", "--no-save", "--no-package-lock", "--prefix", modernNodeDir, "node@24"], { stdio: "inherit" });
}
