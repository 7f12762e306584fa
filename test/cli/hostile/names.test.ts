import { existsSync, readdirSync, readFileSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, it } from "vitest";
import { cli, expectNoCrash, workDir } from "./hostile.ts";

const quiet = ["--framework", "hono", "--yes", "--no-install", "--no-git"];

describe("hostile names: refused with the reason and a valid suggestion, nothing written", () => {
  it.each([
    ["spaces", "my app", "URL-friendly", "my-app"],
    ["upper case", "MyApp", "capital letters", "myapp"],
    ["unicode", "café-çà", "URL-friendly", "cafe-ca"],
    ["a leading dot", ".app", "cannot start with a period", "app"],
    ["a leading underscore", "_app", "cannot start with an underscore", "app"],
    ["an over-long name", "a".repeat(215), "more than 214 characters", "a".repeat(214)],
    ["node_modules", "node_modules", "not a valid package name", "node-modules"],
    ["favicon.ico", "favicon.ico", "not a valid package name", "favicon-ico"],
    ["a Node core module", "http", "core module", "http-app"],
    ["a Windows device name", "con", "device name Windows reserves", "con-app"],
    ["a quote", "it's", "special characters", "it-s"],
    ["a backtick", "back`tick", "URL-friendly", "back-tick"],
    ["a template placeholder", "pay${process.exit()}", "URL-friendly", "pay-process-exit"],
    ["a double quote and a backslash", 'x"\\y', "URL-friendly", "x-y"],
    ["a newline", "two\nlines", "URL-friendly", "two-lines"],
  ])("%s", async (_label, name, reason, suggestion) => {
    const dir = await workDir("names");
    const run = await cli([name, ...quiet], dir);
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(2);
    expect(run.stderr).toContain("is not a valid npm package name");
    expect(run.stderr).toContain(reason);
    expect(run.stderr).toContain(`Try "${suggestion}"`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an empty name", async () => {
    const dir = await workDir("names");
    const run = await cli(["  ", ...quiet], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("The directory name is empty.");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("an app id that would break the generated code", async () => {
    const dir = await workDir("names");
    for (const appId of ['x"; process.exit(1); "', "x`${1}`", "X Y"]) {
      const run = await cli(["app", "--app-id", appId, ...quiet], dir);
      expect(run.exitCode, appId).toBe(2);
      expect(run.stderr).toContain(`Invalid app id`);
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it("the current directory when its own name is not valid", async () => {
    const dir = path.join(await workDir("names"), "My Project");
    await mkdir(dir);
    const run = await cli([".", ...quiet], dir);
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('"My Project" is not a valid npm package name');
    expect(run.stderr).toContain('Try "my-project"');
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** Every generated source file must still parse, and JSON files must be JSON. */
function expectValidProject(dir: string): void {
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  expect(files.length).toBeGreaterThan(10);
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    const text = readFileSync(file, "utf8");
    if (/\.(ts|tsx|mts|js|mjs)$/.test(entry.name)) {
      expect(() => parse(text, { sourceType: "module", plugins: entry.name.endsWith("x") ? ["typescript", "jsx"] : ["typescript"] }), file).not.toThrow();
    }
    if (entry.name.endsWith(".json") && !entry.name.startsWith("tsconfig")) expect(() => JSON.parse(text), file).not.toThrow();
  }
}

describe("odd but valid paths: the project is made where asked and its code stays valid", () => {
  const oddParent = "odd dir 'quote' `tick` ${x} été";

  it("a parent folder with spaces, quotes, backticks, ${ and unicode", async () => {
    const base = path.join(await workDir("paths"), oddParent);
    await mkdir(base);
    const run = await cli(["sub folder/billing-app", ...quiet.slice(0, -2), "--framework", "next", "--no-install", "--no-git"], base);
    expect(run.exitCode, run.all).toBe(0);
    const project = path.join(base, "sub folder", "billing-app");
    expectValidProject(project);
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("billing-app");
    // The path is never written into the project; the printed commands quote it for the shell.
    for (const entry of readdirSync(project, { recursive: true, withFileTypes: true }).filter((e) => e.isFile())) {
      expect(readFileSync(path.join(entry.parentPath, entry.name), "utf8")).not.toContain("odd dir");
    }
    expect(run.stdout).toContain("cd 'sub folder/billing-app'");
    // Broken with a backslash where it passes 80 columns: read back as the shell does.
    expect(run.stdout.replace(/ \\\n\s+/g, " ")).toContain("npx create-inngest-app@latest 'sub folder/billing-app' --no-install --no-git --yes");
  });

  it("../x lands beside the current folder; an absolute path lands there", async () => {
    const root = await workDir("paths");
    const here = path.join(root, "here");
    await mkdir(here);
    const up = await cli(["../beside-app", ...quiet], here);
    expect(up.exitCode, up.all).toBe(0);
    expect(existsSync(path.join(root, "beside-app", "package.json"))).toBe(true);
    expect(readdirSync(here)).toEqual([]);

    const absolute = path.join(root, "deep", "absolute-app");
    const abs = await cli([absolute, ...quiet], here);
    expect(abs.exitCode, abs.all).toBe(0);
    expectValidProject(absolute);
  });

  it("a scoped-looking path names the project after its last segment", async () => {
    const root = await workDir("paths");
    const run = await cli(["@acme/worker", ...quiet, "--json"], root);
    expect(run.exitCode, run.all).toBe(0);
    const summary = JSON.parse(run.stdout) as { options: { projectName: string; appId: string } };
    expect(summary.options).toMatchObject({ projectName: "worker", appId: "worker" });
  });
});
