export const packageManagers = ["npm", "pnpm", "yarn", "bun"] as const;
export type PackageManager = (typeof packageManagers)[number];

/** Which package manager ran us, from the user agent npm, pnpm, yarn and bun all set. */
export function detectPackageManager(userAgent = process.env.npm_config_user_agent): PackageManager {
  const name = userAgent?.split("/")[0];
  return packageManagers.find((pm) => pm === name) ?? "npm";
}

export function installCommand(pm: PackageManager): string[] {
  return pm === "yarn" ? ["yarn"] : [pm, "install"];
}

/**
 * What the install needs in its environment. Yarn 4 forbids creating or changing a lockfile when
 * CI is set (enableImmutableInstalls): here writing it is the point, in a project just made or
 * just changed. Yarn 1 ignores the variable.
 */
export function installEnv(pm: PackageManager): Record<string, string> {
  return pm === "yarn" ? { YARN_ENABLE_IMMUTABLE_INSTALLS: "false" } : {};
}

export function runScript(pm: PackageManager, script: string): string {
  return pm === "npm" || pm === "bun" ? `${pm} run ${script}` : `${pm} ${script}`;
}

/** How the user would run this CLI again with their package manager. */
export function createCommand(pm: PackageManager): string {
  return pm === "npm" ? "npx create-inngest-app@latest" : `${pm} create inngest-app`;
}

/** The lockfile each package manager writes; CI and the Dockerfile install exactly what it pins. */
export const lockfiles: Record<PackageManager, string> = {
  npm: "package-lock.json",
  pnpm: "pnpm-lock.yaml",
  yarn: "yarn.lock",
  bun: "bun.lock",
};

/**
 * The Yarn a generated project declares in `packageManager`: Yarn 4 (Berry) reads and writes a
 * lockfile Yarn 1 cannot, so CI and the Dockerfile get it through Corepack, which needs an exact
 * version. (pnpm and bun lockfiles read the same across their current majors: no field for them.)
 */
export const yarnRelease = "4.18.1";

/** The `packageManager` field a new project gets, if any. */
export function packageManagerField(pm: PackageManager): string | undefined {
  return pm === "yarn" ? `yarn@${yarnRelease}` : undefined;
}

/** Installs exactly the lockfile, failing when package.json and the lockfile disagree (CI, image builds). */
export function frozenInstall(pm: PackageManager): string {
  return { npm: "npm ci", pnpm: "pnpm install --frozen-lockfile", yarn: "yarn install --immutable", bun: "bun install --frozen-lockfile" }[pm];
}

/** The same, without devDependencies: what a production image keeps. */
export function productionInstall(pm: PackageManager): string {
  return {
    npm: "npm ci --omit=dev",
    pnpm: "pnpm install --frozen-lockfile --prod",
    // Yarn 4 has no `install --production`; focusing the project's one workspace is its way.
    yarn: "yarn workspaces focus --production",
    bun: "bun install --frozen-lockfile --production",
  }[pm];
}
