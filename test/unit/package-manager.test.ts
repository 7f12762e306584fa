import { describe, expect, it } from "vitest";
import { createCommand, detectPackageManager, installCommand, installEnv, runScript } from "../../src/install/package-manager.ts";

describe("package managers", () => {
  it.each([
    ["npm/11.19.1 node/v20.20.2 linux x64 workspaces/false", "npm"],
    ["pnpm/10.2.0 npm/? node/v22.12.0 darwin arm64", "pnpm"],
    ["yarn/4.6.0 npm/? node/v22.12.0 linux x64", "yarn"],
    ["bun/1.2.3 npm/? node/v22.6.0 linux x64", "bun"],
    ["deno/2.1 npm/? node/v22", "npm"],
    [undefined, "npm"],
    ["", "npm"],
  ])("detects %j as %s", (agent, expected) => {
    expect(detectPackageManager(agent)).toBe(expected);
  });

  it("knows each manager's commands", () => {
    expect(installCommand("npm")).toEqual(["npm", "install"]);
    expect(installCommand("yarn")).toEqual(["yarn"]);
    expect(runScript("npm", "dev")).toBe("npm run dev");
    expect(runScript("pnpm", "dev")).toBe("pnpm dev");
    expect(runScript("bun", "dev")).toBe("bun run dev");
    expect(createCommand("npm")).toBe("npx create-inngest-app@latest");
    expect(createCommand("bun")).toBe("bun create inngest-app");
  });

  // Yarn 4 under CI=true refuses to write a lockfile: the first install of a project must.
  it("lets yarn write the lockfile under CI, and sets nothing for the others", () => {
    expect(installEnv("yarn")).toEqual({ YARN_ENABLE_IMMUTABLE_INSTALLS: "false" });
    for (const pm of ["npm", "pnpm", "bun"] as const) expect(installEnv(pm)).toEqual({});
  });
});
