import { frameworkIds, type FrameworkId } from "../../src/catalogue/frameworks.ts";
import { targetIds, targets, type TargetId } from "../../src/catalogue/targets.ts";
import type { EngineKeys } from "../../src/plan/engine-keys.ts";
import type { CreateOptions } from "../../src/options/create-options.ts";

/** Complete create options for tests, as `--yes` would fill them. */
export function optionsFor(framework: FrameworkId, overrides: Partial<CreateOptions> = {}): CreateOptions {
  return {
    directory: "my-app",
    projectName: "my-app",
    framework,
    target: framework === "next" ? "vercel" : "railway",
    patterns: ["durable-sleep"],
    appId: "my-app",
    packageManager: "npm",
    install: false,
    git: false,
    immediate: false,
    overwrite: false,
    dryRun: false,
    json: false,
    ...overrides,
  };
}

/** Fixed self-hosted engine keys, so plans (and snapshots) stay the same from run to run. */
export const fixedEngineKeys: EngineKeys = {
  eventKey: "e".repeat(64),
  signingKey: `signkey-prod-${"5".repeat(64)}`,
  postgresPassword: "p".repeat(48),
};

/** Every framework × target pair the catalogue supports. */
export const supportedPairs: { framework: FrameworkId; target: TargetId }[] = frameworkIds.flatMap((framework) =>
  targetIds.filter((target) => targets[target].supports.includes(framework)).map((target) => ({ framework, target })),
);
