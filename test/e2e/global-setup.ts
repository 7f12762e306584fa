import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { frameworks } from "../../src/catalogue/frameworks.ts";
import { satisfiesMinimum } from "../../src/install/node-version.ts";
import { modernNodeBin, modernNodeDir } from "../support/paths.ts";

const compareVersions = (a: string, b: string) => (a === b ? 0 : satisfiesMinimum(a, b) ? 1 : -1);

/**
 * SvelteKit 3 and React Router 8 need Node ≥ 22.17 / 22.22. When the suite runs on an older Node,
 * it brings Node 24 from the npm package `node`, once, before any test starts.
 */
export default async function setup(): Promise<void> {
  const newestNeeded = Object.values(frameworks).map((f) => f.minNode).sort(compareVersions).at(-1)!;
  if (satisfiesMinimum(process.versions.node, newestNeeded)) return;
  if (existsSync(path.join(modernNodeBin, "node"))) return;
  await mkdir(modernNodeDir, { recursive: true });
  await execa("npm", ["install", "--no-save", "--no-package-lock", "--prefix", modernNodeDir, "node@24"], { stdio: "inherit" });
}
