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

/** Installs exactly the lockfile, failing when package.json and the lockfile disagree (CI, image builds). */
export function frozenInstall(pm: PackageManager): string {
  return { npm: "npm ci", pnpm: "pnpm install --frozen-lockfile", yarn: "yarn install --frozen-lockfile", bun: "bun install --frozen-lockfile" }[pm];
}

/** The same, without devDependencies: what a production image keeps. */
export function productionInstall(pm: PackageManager): string {
  return {
    npm: "npm ci --omit=dev",
    pnpm: "pnpm install --frozen-lockfile --prod",
    yarn: "yarn install --frozen-lockfile --production",
    bun: "bun install --frozen-lockfile --production",
  }[pm];
}
