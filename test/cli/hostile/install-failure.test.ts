import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import semver from "semver";
import { describe, expect, it } from "vitest";
import { startStubRegistry } from "../../support/stub-registry.ts";
import { cli, expectNoCrash, workDir } from "./hostile.ts";

/** npm pointed at a registry nobody answers on, with an empty cache, failing at once rather than retrying. */
const unreachableRegistry = (dir: string) => ({
  npm_config_registry: "http://127.0.0.1:9/",
  npm_config_cache: path.join(dir, "empty-npm-cache"),
  npm_config_fetch_retries: "0",
  npm_config_fetch_timeout: "5000",
  npm_config_audit: "false",
  npm_config_fund: "false",
});

describe("install failures: the project stays; the message says what failed and what to run", () => {
  it("create, with the registry unreachable: exit 1, npm's own error shown, the retry command given", async () => {
    const dir = await workDir("install");
    const run = await cli(["app", "--framework", "express", "--yes", "--no-git", "--pm", "npm"], dir, { env: unreachableRegistry(dir) });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain("Installing dependencies failed: `npm install` exited with an error");
    expect(run.all).toMatch(/ECONNREFUSED|request to http:\/\/127\.0\.0\.1:9\/ failed/);
    expect(run.all).toContain("The project is in place. To finish, run:\n  cd app && npm install");
    expect(existsSync(path.join(dir, "app", "package.json"))).toBe(true);
    expect(existsSync(path.join(dir, "app", "src", "app.ts"))).toBe(true);
  }, 60_000);

  it("create, with the package manager missing: exit 1, named, and the retry command given", async () => {
    const dir = await workDir("install");
    // Only node on PATH: no pnpm.
    const run = await cli(["app", "--framework", "hono", "--yes", "--no-git", "--pm", "pnpm", "--json"], dir, { env: { PATH: path.dirname(process.execPath) } });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain("Installing dependencies failed: pnpm was not found on PATH");
    expect(run.all).toContain("cd app && pnpm install");
    expect(JSON.parse(run.stdout)).toMatchObject({ install: "failed" });
    expect(existsSync(path.join(dir, "app", "package.json"))).toBe(true);
  });

  it("add, with the registry unreachable: the changes stay, the install command is given", async () => {
    const dir = await workDir("install");
    const project = path.join(dir, "shop");
    await mkdir(path.join(project, "src"), { recursive: true });
    await writeFile(
      path.join(project, "package.json"),
      JSON.stringify({ name: "shop", type: "module", dependencies: { hono: "^4.13.19" }, devDependencies: { typescript: "~6.0.3" } }, null, 2),
    );
    await writeFile(path.join(project, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, module: "preserve", noEmit: true } }));
    await writeFile(path.join(project, "package-lock.json"), JSON.stringify({ name: "shop", lockfileVersion: 3, packages: {} }));
    await writeFile(path.join(project, "src", "index.ts"), 'import { Hono } from "hono";\n\nconst app = new Hono();\n\nexport default app;\n');
    const run = await cli(["add", "durable-sleep", "--yes"], project, { env: unreachableRegistry(dir) });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.all).toContain("Installing dependencies failed: ");
    expect(run.all).toContain("To finish, run:\n  npm install");
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).dependencies).toHaveProperty("inngest");
  }, 60_000);

  it("create, when npm's cache predates a version a dependency asks for: retried with --prefer-online, installed", async () => {
    // npm/cli#4513: a packument npm fetched minutes ago is trusted without asking again, so a
    // version published since ("No matching version found", ETARGET) fails a fresh install.
    const dir = await workDir("install");
    const registry = await startStubRegistry();
    const env = {
      npm_config_registry: `${registry.url}/`,
      npm_config_cache: path.join(dir, "npm-cache"),
      npm_config_fetch_retries: "0",
      npm_config_audit: "false",
      npm_config_fund: "false",
      npm_config_update_notifier: "false",
    };
    try {
      // Every package the project asks for, as an empty one at the lowest version its range takes.
      const planned = await cli(["app", "--framework", "express", "--yes", "--no-git", "--no-install", "--dry-run", "--json"], dir);
      const { dependencies, devDependencies } = JSON.parse(planned.stdout) as Record<string, Record<string, string>>;
      const wanted = { ...dependencies, ...devDependencies };
      await registry.publish("late-helper", "1.0.0");
      for (const [name, range] of Object.entries(wanted)) await registry.publish(name, semver.minVersion(range)!.version);
      // Another project on this machine installs late-helper: npm's cache now knows 1.0.0 only.
      const other = path.join(dir, "other");
      await mkdir(other);
      await writeFile(path.join(other, "package.json"), JSON.stringify({ name: "other", dependencies: { "late-helper": "^1.0.0" } }));
      await execa("npm", ["install"], { cwd: other, env: { ...process.env, ...env } });
      // Then late-helper 1.1.0 is published, and the inngest release the project takes needs it.
      await registry.publish("late-helper", "1.1.0");
      await registry.publish("inngest", semver.minVersion(wanted.inngest!)!.version, { "late-helper": "^1.1.0" });

      const run = await cli(["app", "--framework", "express", "--yes", "--no-git", "--pm", "npm"], dir, { env });
      expectNoCrash(run);
      expect(run.all).toContain("No matching version found for late-helper@^1.1.0");
      expect(run.all.replace(/\s+/g, " ")).toContain("may be out of date. Trying again with --prefer-online");
      expect(run.exitCode, run.all).toBe(0);
      expect(run.all).toContain("Dependencies installed.");
      const installed = JSON.parse(readFileSync(path.join(dir, "app", "node_modules", "late-helper", "package.json"), "utf8")) as { version: string };
      expect(installed.version).toBe("1.1.0");
      expect(registry.requests("late-helper")).toBe(2);
    } finally {
      await registry.close();
    }
  }, 90_000);
});
