import type { FrameworkId } from "../../src/catalogue/frameworks.ts";
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
    overwrite: false,
    dryRun: false,
    json: false,
    ...overrides,
  };
}
