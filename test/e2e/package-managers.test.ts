import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { beforeAll } from "vitest";
import { packageManagersBin, packageManagersDir } from "../support/paths.ts";
import { proveGeneratedProject } from "./prove-project.ts";

/**
 * A project made, installed and run by each package manager other than npm, at the major users get
 * today, all from the npm registry: one light project each, a different framework or target each.
 */
const releases = ["pnpm@10", "@yarnpkg/cli-dist@4", "bun@1"];

beforeAll(async () => {
  if (["pnpm", "yarn", "bun"].every((bin) => existsSync(path.join(packageManagersBin, bin)))) return;
  await mkdir(packageManagersDir, { recursive: true });
  await execa("npm", ["install", "--no-save", "--no-package-lock", "--no-audit", "--no-fund", "--prefix", packageManagersDir, ...releases], { stdio: "inherit" });
}, 180_000);

const using = { path: [packageManagersBin], container: true, devServer: false } as const;
proveGeneratedProject("hono", ["durable-sleep"], { ...using, pm: "pnpm" });
proveGeneratedProject("express", ["wait-for-event"], { ...using, pm: "yarn" });
proveGeneratedProject("hono", ["cron-fan-out"], { ...using, pm: "bun", target: "fly-io" });
