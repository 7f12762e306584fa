import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { packageJson, projectWith } from "../support/add-fixtures.ts";
import { runCli } from "../support/project.ts";

const bundlerTsconfig = JSON.stringify({ compilerOptions: { strict: true, moduleResolution: "bundler" } });
const testing = { typescript: "^5.9.0", vitest: "^4.0.0", "@inngest/test": "^1.0.0" };

describe("add keeps what the user wrote", () => {
  it("a service the user filled in is neither replaced nor offered to --force", async () => {
    const root = await projectWith({
      "package.json": packageJson({ dependencies: { express: "^5.0.0", inngest: "^4.0.0", zod: "^4.0.0" }, devDependencies: testing }),
      "tsconfig.json": bundlerTsconfig,
      "src/app.ts": 'import express from "express";\nexport const app = express();\n',
      "src/services/email.ts": "export const mailer = 1;\n",
    });
    // A dry run with --force plans no change to it either; then the real run.
    for (const flags of [["--dry-run", "--force"], []]) {
      const result = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--yes", ...flags], { cwd: root });
      expect(result.exitCode, result.all).toBe(0);
      expect(result.all).not.toMatch(/--force|services\/email\.ts\n/);
      expect(readFileSync(path.join(root, "src/services/email.ts"), "utf8")).toBe("export const mailer = 1;\n");
    }
    expect(readFileSync(path.join(root, "src/services/email-stand-in.ts"), "utf8")).toContain("export async function sendEmail(");
  });
});

describe("add says Added only when the serve route is part of what the app builds", () => {
  it("a React Router single-page app (ssr: false) is refused with the reason: exit 1, nothing written", async () => {
    const files = {
      "package.json": packageJson({ type: "module", dependencies: { "react-router": "^7.9.0" }, devDependencies: { "@react-router/dev": "^7.9.0", ...testing } }),
      "tsconfig.json": bundlerTsconfig,
      "react-router.config.ts": 'import type { Config } from "@react-router/dev/config";\n\nexport default {\n  appDirectory: "src",\n  ssr: false,\n} satisfies Config;\n',
      "src/routes.ts": 'import { type RouteConfig, index } from "@react-router/dev/routes";\n\nexport default [index("home.tsx")] satisfies RouteConfig;\n',
    };
    const root = await projectWith(files);
    const result = await runCli(["add", "durable-sleep", "--cwd", root, "--no-install", "--yes"], { cwd: root });
    expect(result.exitCode).toBe(1);
    expect(result.all).toContain("app directory:    src (react-router.config.ts), ssr: false");
    expect(result.all).toMatch(/sets ssr: false: this React Router app is a single-page app/);
    expect(result.all).not.toMatch(/Added/);
    const { readdirSync } = await import("node:fs");
    expect(readdirSync(root, { recursive: true }).map(String).sort()).toEqual(Object.keys(files).concat("src").sort());
  });
});

describe("the next steps are true", () => {
  const kit = (viteConfig: string) =>
    projectWith({
      "package.json": packageJson({ type: "module", devDependencies: { "@sveltejs/kit": "^2.20.0", vite: "^6.0.0", ...testing } }),
      "tsconfig.json": bundlerTsconfig,
      "vite.config.ts": viteConfig,
    });

  it("SvelteKit: .env.local once vite.config loads it; the shell, with the reason, when add could not edit the config", async () => {
    const editable = await kit('import { sveltekit } from "@sveltejs/kit/vite";\nimport { defineConfig } from "vite";\n\nexport default defineConfig({ plugins: [sveltekit()] });\n');
    const edited = await runCli(["add", "webhook", "--cwd", editable, "--no-install", "--yes"], { cwd: editable });
    expect(edited.exitCode, edited.all).toBe(0);
    expect(edited.stdout).toContain("set STRIPE_WEBHOOK_SECRET in .env.local");
    expect(edited.stdout).toContain("set INNGEST_DEV=1 in .env.local, so the app talks to the dev server");
    expect(readFileSync(path.join(editable, "vite.config.ts"), "utf8")).toContain('Object.assign(process.env, loadEnv(mode, process.cwd(), ["INNGEST_", "STRIPE_WEBHOOK_SECRET"]));');

    const fixed = await kit('import { makeConfig } from "./config/vite";\n\nexport default makeConfig();\n');
    const manual = await runCli(["add", "webhook", "--cwd", fixed, "--no-install", "--yes"], { cwd: fixed });
    expect(manual.exitCode, manual.all).toBe(0);
    // Wrapped at 80 columns: read as one text.
    expect(manual.stdout.replace(/\s*\n\s*/g, " ")).toMatch(/set INNGEST_DEV=1 in the shell that runs the dev server \(Vite keeps \.env values out of process\.env, and add did not change vite\.config: vite\.config\.ts exports neither defineConfig\(\.\.\.\) nor an object with a plugins list\)/);
  });
});
