import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliPath } from "../support/paths.ts";
import { cliEnv, tempDir } from "../support/project.ts";

/**
 * Start-up does only what the command needs (issue 7): which of Node's built-in modules and which
 * files of the bundle a run loaded, recorded by a preload as the process exits.
 */
async function loadedBy(args: string[], stdout: "pipe" | "file" | "/dev/null" = "pipe") {
  const dir = await tempDir("start-up");
  const record = path.join(dir, "loaded.json");
  const preload = path.join(dir, "record.cjs");
  writeFileSync(
    preload,
    `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({
       builtins: process.moduleLoadList.filter((m) => m.startsWith("NativeModule ")).map((m) => m.slice(13)),
       files: Object.keys(require.cache).map((f) => require("path").basename(f)),
     })));`,
  );
  const out = stdout === "pipe" ? "pipe" : openSync(stdout === "file" ? path.join(dir, "out.txt") : "/dev/null", "w");
  try {
    const result = spawnSync(process.execPath, ["--require", preload, cliPath, ...args], { cwd: dir, env: cliEnv({ TMPDIR: dir }), stdio: ["ignore", out, "pipe"], encoding: "utf8" });
    expect(result.status, result.stderr).toBe(0);
  } finally {
    if (typeof out === "number") closeSync(out);
  }
  return JSON.parse(readFileSync(record, "utf8")) as { builtins: string[]; files: string[] };
}

// Each costs milliseconds to load: streams (and through them net and tty), process spawning, crypto.
const heavyBuiltins = ["stream", "net", "tty", "child_process", "crypto", "fs/promises", "readline"];

describe("the entry", () => {
  it("tells an old Node which version it needs, before loading anything else", async () => {
    const dir = await tempDir("old-node");
    const pretend = path.join(dir, "node18.cjs");
    writeFileSync(
      pretend,
      `Object.defineProperty(process, "versions", { value: { ...process.versions, node: "18.20.4" } });
       Object.defineProperty(process, "version", { value: "v18.20.4" });`,
    );
    for (const args of [["--version"], ["app", "--yes"]]) {
      const result = spawnSync(process.execPath, ["--require", pretend, cliPath, ...args], { cwd: dir, env: cliEnv(), encoding: "utf8" });
      expect(result.status).toBe(1);
      expect(result.stderr).toBe("create-inngest-app needs Node.js 20.19 or newer; this is v18.20.4.\n");
      expect(result.stdout).toBe("");
    }
  });
});

describe("start-up loads only what the command needs", () => {
  it("--help and --version: not the bundle", async () => {
    for (const flag of ["--help", "--version"]) {
      const { files, builtins } = await loadedBy([flag]);
      expect(files.filter((f) => f.endsWith(".cjs") && f !== "create-inngest-app.cjs" && f !== "record.cjs")).toEqual([]);
      expect(builtins.filter((m) => heavyBuiltins.includes(m))).toEqual([]);
    }
  });

  it.each(["pipe", "file", "/dev/null"] as const)("a scaffold with stdout to a %s: no streams, prompts, parser or process spawning", async (stdout) => {
    const { files, builtins } = await loadedBy(["app", "--framework", "next", "--yes", "--no-install", "--no-git"], stdout);
    expect(builtins.filter((m) => heavyBuiltins.includes(m))).toEqual([]);
    expect(files).toContain("templates.cjs");
    for (const unneeded of ["clack.cjs", "add.cjs", "check.cjs", "migrate.cjs", "babel-parser.cjs"]) expect(files).not.toContain(unneeded);
  });

  it("list: no templates", async () => {
    const { files, builtins } = await loadedBy(["list"]);
    expect(files).not.toContain("templates.cjs");
    expect(builtins.filter((m) => heavyBuiltins.includes(m))).toEqual([]);
  });

  it("add into a project that is not a git repository: the parser, not git", async () => {
    const created = await tempDir("start-up-add");
    const project = path.join(created, "app");
    spawnSync(process.execPath, [cliPath, project, "--framework", "hono", "--target", "railway", "--yes", "--no-install", "--no-git"], { env: cliEnv() });
    mkdirSync(path.join(project, "notes"), { recursive: true });
    const { files, builtins } = await loadedBy(["add", "webhook", "--cwd", project, "--no-install", "--yes"]);
    expect(files).toContain("babel-parser.cjs");
    expect(files).not.toContain("clack.cjs");
    expect(builtins.filter((m) => heavyBuiltins.includes(m))).toEqual([]);
  });
});
