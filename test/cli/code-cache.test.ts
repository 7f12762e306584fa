import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cliPath, modernNodeBin } from "../support/paths.ts";
import { tempDir, userEnv } from "../support/project.ts";

/**
 * The entry turns on Node's compile cache (module.enableCompileCache(), Node 22.1+), which keeps
 * the bundle's compiled code below the temporary directory, in node-compile-cache/. These run the
 * CLI with a temporary directory of their own, on the suite's Node and on a Node that has the
 * cache: the suite's if new enough, else the Node 24 the suite installs (test/e2e/global-setup.ts).
 */
async function run(node: string, args: string[], tmp: string, extraEnv: Record<string, string> = {}, nodeOptions: string[] = []) {
  const env = userEnv({ ...process.env, NO_COLOR: "1", TMPDIR: tmp, NODE_DEBUG_NATIVE: "COMPILE_CACHE" });
  delete env.NODE_DISABLE_COMPILE_CACHE;
  delete env.NODE_COMPILE_CACHE;
  Object.assign(env, extraEnv);
  return execa(node, [...nodeOptions, cliPath, ...args], { cwd: tmp, env, extendEnv: false, reject: false });
}

const hasCompileCache = (version: string) => {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 22 || (major === 22 && minor >= 1);
};
const suiteNodeHasCache = hasCompileCache(process.versions.node);
const cachingNode = suiteNodeHasCache ? process.execPath : path.join(modernNodeBin, "node");

/** Every file below `dir`, with its modification time. */
const filesIn = (dir: string) =>
  existsSync(dir)
    ? readdirSync(dir, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile())
        .map((e) => [path.join(e.parentPath, e.name), statSync(path.join(e.parentPath, e.name)).mtimeMs] as const)
    : [];

/** A file for `--require`, run before the entry: here, to change what node:module offers. */
function preload(tmp: string, code: string): string {
  const file = path.join(tmp, "preload.cjs");
  writeFileSync(file, code);
  return file;
}

describe("Node's compile cache", () => {
  it("keeps the bundle's compiled code for the next run, which uses it and prints the same", async () => {
    const tmp = await tempDir("compile-cache");
    const cache = path.join(tmp, "node-compile-cache");
    const first = await run(cachingNode, ["list"], tmp);
    expect(first.exitCode, first.stderr).toBe(0);
    const written = filesIn(cache);
    expect(written.length).toBeGreaterThan(0);
    const second = await run(cachingNode, ["list"], tmp);
    expect(second.stdout).toBe(first.stdout);
    expect(second.stderr).toMatch(/cli\.cjs was accepted/);
    expect(filesIn(cache)).toEqual(written);
    // add loads its own bundle files (add.cjs, the parser): each gets its entry.
    await run(cachingNode, ["app", "--framework", "hono", "--yes", "--no-install", "--no-git"], tmp);
    const add = await run(cachingNode, ["add", "webhook", "--cwd", path.join(tmp, "app"), "--no-install", "--yes"], tmp);
    expect(add.exitCode, add.stderr).toBe(0);
    for (const file of ["add.cjs", "babel-parser.cjs", "templates.cjs"]) expect(add.stderr).toMatch(new RegExp(`cache for CommonJS \\S+/dist/${file.replace(".", "\\.")}`));
  });

  it("is not written for --help and --version, which do not load the bundle", async () => {
    const tmp = await tempDir("compile-cache-help");
    for (const flag of ["--help", "--version"]) {
      const result = await run(cachingNode, [flag], tmp);
      expect(result.exitCode, result.stderr).toBe(0);
    }
    expect(existsSync(path.join(tmp, "node-compile-cache"))).toBe(false);
  });

  it("is off with NODE_DISABLE_COMPILE_CACHE=1", async () => {
    const tmp = await tempDir("compile-cache-off");
    const result = await run(cachingNode, ["list"], tmp, { NODE_DISABLE_COMPILE_CACHE: "1" });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("Frameworks (--framework)");
    expect(existsSync(path.join(tmp, "node-compile-cache"))).toBe(false);
  });

  it("that cannot be written does not stop the run: a file where the folder would be", async () => {
    const tmp = await tempDir("compile-cache-blocked");
    writeFileSync(path.join(tmp, "node-compile-cache"), "not a folder");
    const result = await run(cachingNode, ["app", "--framework", "hono", "--yes", "--no-install", "--no-git"], tmp);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(tmp, "app", "package.json"))).toBe(true);
  });

  it.skipIf(process.platform === "win32" || process.getuid?.() === 0)("that cannot be written does not stop the run: a read-only temporary directory", async () => {
    const tmp = await tempDir("compile-cache-read-only");
    const readOnly = path.join(tmp, "read-only");
    mkdirSync(readOnly, { mode: 0o555 });
    const result = await run(cachingNode, ["app", "--framework", "hono", "--yes", "--no-install", "--no-git"], tmp, { TMPDIR: readOnly });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it("that fails to turn on (a throw from node:module) does not stop the run", async () => {
    const tmp = await tempDir("compile-cache-throws");
    const throws = preload(tmp, `require("node:module").enableCompileCache = () => { throw new Error("no cache here"); };`);
    const result = await run(cachingNode, ["list"], tmp, {}, ["--require", throws]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain("Frameworks (--framework)");
  });

  it("is simply absent on a Node without it (Node 20, 22.0): the run is the same", async () => {
    const tmp = await tempDir("compile-cache-none");
    const none = preload(tmp, `delete require("node:module").enableCompileCache;`);
    mkdirSync(path.join(tmp, "other"));
    const withCache = await run(cachingNode, ["list"], tmp);
    const without = await run(cachingNode, ["list"], tmp, { TMPDIR: path.join(tmp, "other") }, ["--require", none]);
    expect(without.exitCode, without.stderr).toBe(0);
    expect(without.stdout).toBe(withCache.stdout);
    expect(existsSync(path.join(tmp, "other", "node-compile-cache"))).toBe(false);
  });

  it.runIf(!suiteNodeHasCache)("on the suite's own Node, which has none, writes nothing and runs", async () => {
    const tmp = await tempDir("compile-cache-old-node");
    const result = await run(process.execPath, ["app", "--framework", "hono", "--yes", "--no-install", "--no-git"], tmp);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(existsSync(path.join(tmp, "node-compile-cache"))).toBe(false);
  });
});
