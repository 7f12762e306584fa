import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cliPath, repoRoot } from "../support/paths.ts";
import { tempDir, userEnv } from "../support/project.ts";

/** Runs a CLI (the repository's, or a copy) with its own temporary directory, reporting what the code cache does. */
async function run(args: string[], tmp: string, extraEnv: Record<string, string> = {}, cli = cliPath) {
  const env = userEnv({ ...process.env, NO_COLOR: "1", TMPDIR: tmp, NODE_DEBUG: "create-inngest-app" });
  delete env.NODE_DISABLE_COMPILE_CACHE;
  Object.assign(env, extraEnv);
  return execa("node", [cli, ...args], { cwd: tmp, env, extendEnv: false, reject: false });
}

/** An installed copy of the CLI in `tmp`: its entry, and a function that rewrites text in its dist/cli.cjs. */
function copyOfCli(tmp: string) {
  const copy = path.join(tmp, "cli");
  for (const part of ["bin", "dist", "package.json"]) cpSync(path.join(repoRoot, part), path.join(copy, part), { recursive: true });
  const bundle = path.join(copy, "dist", "cli.cjs");
  return {
    bin: path.join(copy, "bin", "create-inngest-app.cjs"),
    rewrite: (from: string, to: string) => writeFileSync(bundle, readFileSync(bundle, "utf8").replace(from, to)),
  };
}

const uid = process.getuid?.();
const cacheDir = (tmp: string) => path.join(tmp, uid === undefined ? "create-inngest-app-cache" : `create-inngest-app-cache-${uid}`);

describe("the compiled-code cache", () => {
  it("is written by the first run of a command and used by the next, with the same output", async () => {
    const tmp = await tempDir("code-cache");
    const first = await run(["list"], tmp);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/cli\.cjs: not cached/);
    expect(first.stderr).toMatch(/wrote cli\.cjs-list-/);
    const second = await run(["list"], tmp);
    expect(second.stderr).toMatch(/cli\.cjs: cache used/);
    expect(second.stderr).not.toMatch(/wrote/);
    expect(second.stdout).toBe(first.stdout);
    // Another command keeps its own: each holds the code its command ran.
    const other = await run(["list", "--json"], tmp);
    expect(other.stderr).toMatch(/cli\.cjs: cache used/);
    const create = await run(["app", "--framework", "hono", "--yes", "--no-install", "--no-git"], tmp);
    expect(create.exitCode, create.stderr).toBe(0);
    expect(create.stderr).toMatch(/wrote cli\.cjs-create-/);
    expect(create.stderr).toMatch(/wrote templates\.cjs-create-/);
  });

  it("is not written by a run that fails", async () => {
    const tmp = await tempDir("code-cache-failed");
    const failed = await run(["add", "webhook", "--cwd", path.join(tmp, "missing")], tmp);
    expect(failed.exitCode).toBe(2);
    expect(failed.stderr).toMatch(/add\.cjs: not cached/);
    expect(readdirSync(cacheDir(tmp))).toEqual([]);
  });

  it("is not used for changed code, even of the same length", async () => {
    const tmp = await tempDir("code-cache-changed");
    const { bin, rewrite } = copyOfCli(tmp);
    expect((await run(["list"], tmp, {}, bin)).stdout).toContain("Frameworks (--framework)");
    rewrite("Frameworks (--framework)", "Frameworkz (--framework)");
    const changed = await run(["list"], tmp, {}, bin);
    expect(changed.stderr).toMatch(/cli\.cjs: not cached/);
    expect(changed.stdout).toContain("Frameworkz (--framework)");
  });

  it("reads a bundle file that is not plain ASCII as UTF-8, cached or not", async () => {
    const tmp = await tempDir("code-cache-utf8");
    const { bin, rewrite } = copyOfCli(tmp);
    rewrite("Frameworks (--framework)", "Frameworks ✓ café (--framework)");
    for (const expected of [/not cached/, /cache used/]) {
      const result = await run(["list"], tmp, {}, bin);
      expect(result.stderr).toMatch(expected);
      expect(result.stdout).toContain("Frameworks ✓ café (--framework)");
    }
  });

  it("is kept per installation, so two run in turn do not replace each other's", async () => {
    const tmp = await tempDir("code-cache-two");
    const { bin, rewrite } = copyOfCli(tmp);
    // Another version: the same file name, other code.
    rewrite("Frameworks (--framework)", "Frameworkz (--framework)");
    for (const cli of [cliPath, bin]) expect((await run(["list"], tmp, {}, cli)).stderr).toMatch(/cli\.cjs: not cached/);
    for (const cli of [cliPath, bin]) {
      const again = await run(["list"], tmp, {}, cli);
      expect(again.stderr).toMatch(/cli\.cjs: cache used/);
      expect(again.stderr).not.toMatch(/wrote/);
    }
  });

  it.skipIf(process.platform === "win32")("is not read from a folder other users can write to", async () => {
    const tmp = await tempDir("code-cache-open");
    mkdirSync(cacheDir(tmp));
    chmodSync(cacheDir(tmp), 0o777);
    const result = await run(["list"], tmp);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/not a private folder/);
    expect(readdirSync(cacheDir(tmp))).toEqual([]);
  });

  it("is off with NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const tmp = await tempDir("code-cache-off");
    const result = await run(["list"], tmp, { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(cacheDir(tmp))).toBe(false);
  });
});
