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
