import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // Fast groups first, so a broken template fails in seconds, not after the installs.
          sequence: { groupOrder: 0 },
          globalSetup: ["test/support/temp-root.ts"],
        },
      },
      {
        test: {
          name: "cli",
          include: ["test/cli/**/*.test.ts"],
          sequence: { groupOrder: 1 },
          // Node 24 too, when the suite runs on an older Node: the compile cache's tests need one.
          globalSetup: ["test/support/require-build.ts", "test/support/temp-root.ts", "test/e2e/global-setup.ts"],
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          sequence: { groupOrder: 2 },
          globalSetup: ["test/support/require-build.ts", "test/support/temp-root.ts", "test/e2e/global-setup.ts"],
          // Each file generates, installs and builds a whole project: minutes, not milliseconds.
          testTimeout: 15 * 60_000,
          hookTimeout: 5 * 60_000,
          // Two cores: one project building while another installs keeps both busy.
          maxWorkers: 2,
        },
      },
    ],
  },
});
