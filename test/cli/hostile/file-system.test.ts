import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdir, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cli, expectNoCrash, sharedDir, snapshotTree, workDir } from "./hostile.ts";

const quiet = ["--framework", "hono", "--yes", "--no-install", "--no-git"];

/** A project someone already has, for the --overwrite cases. */
async function existingProject(dir: string): Promise<string> {
  const project = path.join(dir, "app");
  await mkdir(path.join(project, "notes"), { recursive: true });
  await writeFile(path.join(project, "notes", "todo.md"), "mine\n");
  await writeFile(path.join(project, "README.md"), "# my own readme\n");
  await writeFile(path.join(project, ".env"), "SECRET=1\n");
  return project;
}

describe("the file system in the way", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  const shared = async (label: string) => {
    const { dir, remove } = await sharedDir(label);
    cleanups.push(remove);
    return dir;
  };

  it("the target is an existing file: refused, the file untouched", async () => {
    const dir = await workDir("fs");
    await writeFile(path.join(dir, "app"), "a file");
    const run = await cli(["app", ...quiet], dir);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("exists and is not a directory");
    expect(readFileSync(path.join(dir, "app"), "utf8")).toBe("a file");
  });

  it("a parent of the target is a file: refused with the reason", async () => {
    const dir = await workDir("fs");
    await writeFile(path.join(dir, "notes.txt"), "a file");
    const run = await cli(["notes.txt/app", ...quiet], dir);
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(`${path.join(dir, "notes.txt")} is a file, not a folder, so ${path.join(dir, "notes.txt", "app")} cannot be made inside it.`);
    expect(readdirSync(dir)).toEqual(["notes.txt"]);
  });

  it("the parent folder is read-only: permission denied, nothing left in it", async () => {
    const dir = await shared("fs");
    const parent = path.join(dir, "locked");
    await mkdir(parent);
    await chmod(parent, 0o555);
    const run = await cli(["locked/app", ...quiet], dir, { unprivileged: true });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(`Cannot write in ${parent}: permission denied (EACCES). Nothing was written.`);
    expect(readdirSync(parent)).toEqual([]);
  });

  it("the target folder exists, empty and read-only: permission denied, still empty", async () => {
    const dir = await shared("fs");
    const target = path.join(dir, "app");
    await mkdir(target);
    await chmod(target, 0o555);
    const run = await cli(["app", ...quiet], dir, { unprivileged: true });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("permission denied (EACCES)");
    expect(readdirSync(target)).toEqual([]);
  });

  it("the target folder cannot be read: said so, nothing written", async () => {
    const dir = await shared("fs");
    const target = path.join(dir, "app");
    await mkdir(target);
    await chmod(target, 0o311);
    const run = await cli(["app", ...quiet], dir, { unprivileged: true });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(`Cannot read ${target} to see whether it is empty: EACCES`);
    await chmod(target, 0o755);
    expect(readdirSync(target)).toEqual([]);
  });

  it("--overwrite where one folder is read-only: every file put back, unrelated files untouched", async () => {
    const dir = await shared("fs");
    const project = await existingProject(dir);
    await mkdir(path.join(project, "src"));
    await writeFile(path.join(project, "src", "app.ts"), "// my app\n");
    await chmod(dir, 0o777);
    for (const folder of [project, path.join(project, "notes")]) await chmod(folder, 0o777);
    await chmod(path.join(project, "src"), 0o555);
    const before = snapshotTree(project);
    const run = await cli(["app", ...quiet, "--overwrite"], dir, { unprivileged: true });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("permission denied (EACCES). Every file was put back as it was.");
    expect(snapshotTree(project)).toEqual(before);
  });

  it("the target is a dangling symbolic link: refused, the link left alone", async () => {
    const dir = await workDir("fs");
    await symlink("nowhere", path.join(dir, "app"));
    const run = await cli(["app", ...quiet], dir);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("is a symbolic link to nowhere, which does not exist");
    expect(snapshotTree(dir)).toEqual({ app: "link → nowhere" });
  });

  it("the target is a symbolic link to a folder with files: refused as not empty", async () => {
    const dir = await workDir("fs");
    await mkdir(path.join(dir, "real"));
    await writeFile(path.join(dir, "real", "mine.txt"), "mine");
    await symlink("real", path.join(dir, "app"));
    const run = await cli(["app", ...quiet], dir);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("Directory app is not empty");
    expect(readdirSync(path.join(dir, "real"))).toEqual(["mine.txt"]);
  });

  it("--overwrite with a folder that links out of the project: refused before writing anything", async () => {
    const dir = await workDir("fs");
    const project = await existingProject(dir);
    await mkdir(path.join(dir, "shared-code"));
    await writeFile(path.join(dir, "shared-code", "keep.ts"), "export {};\n");
    await symlink("../shared-code", path.join(project, "src"));
    const before = snapshotTree(dir);
    const run = await cli(["app", ...quiet, "--overwrite"], dir);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain(`src is a symbolic link to ${path.join(dir, "shared-code")}, outside the project`);
    expect(snapshotTree(dir)).toEqual(before);
  });

  it("--overwrite with a file that is a link out of the project: the link is replaced, its target untouched", async () => {
    const dir = await workDir("fs");
    const project = await existingProject(dir);
    await writeFile(path.join(dir, "elsewhere.json"), '{ "name": "not yours" }\n');
    await symlink("../elsewhere.json", path.join(project, "package.json"));
    const run = await cli(["app", ...quiet, "--overwrite"], dir);
    expect(run.exitCode, run.all).toBe(0);
    expect(readFileSync(path.join(dir, "elsewhere.json"), "utf8")).toBe('{ "name": "not yours" }\n');
    expect(JSON.parse(readFileSync(path.join(project, "package.json"), "utf8")).name).toBe("app");
    expect(readFileSync(path.join(project, "notes", "todo.md"), "utf8")).toBe("mine\n");
  });
});

describe("a failure half-way through writing (simulated: the disk fills up after a few files)", () => {
  const diskFull = { FS_FAULT_FAIL_AFTER: "5", FS_FAULT_CODE: "ENOSPC" };

  it("a new project: nothing half-written remains, not even a staging folder", async () => {
    const dir = await workDir("fs");
    const run = await cli(["app", ...quiet], dir, { faults: diskFull });
    expectNoCrash(run);
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toMatch(/Cannot write to .*app.*: the disk is full \(ENOSPC\)\. Nothing was written\./);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a new project in new parent folders: the parents made for it are removed too", async () => {
    const dir = await workDir("fs");
    const run = await cli(["a/b/app", ...quiet], dir, { faults: diskFull });
    expect(run.exitCode, run.all).toBe(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("--overwrite into an existing folder: every file as it was, unrelated ones untouched", async () => {
    const dir = await workDir("fs");
    const project = await existingProject(dir);
    const before = snapshotTree(project);
    const run = await cli(["app", ...quiet, "--overwrite"], dir, { faults: diskFull });
    expect(run.exitCode, run.all).toBe(1);
    expect(run.stderr).toContain("the disk is full (ENOSPC)");
    expect(snapshotTree(project)).toEqual(before);
    expect(existsSync(path.join(project, "package.json"))).toBe(false);
  });

  it("--overwrite that succeeds leaves unrelated files and .env untouched", async () => {
    const dir = await workDir("fs");
    const project = await existingProject(dir);
    const run = await cli(["app", ...quiet, "--overwrite"], dir);
    expect(run.exitCode, run.all).toBe(0);
    expect(readFileSync(path.join(project, "notes", "todo.md"), "utf8")).toBe("mine\n");
    expect(readFileSync(path.join(project, ".env"), "utf8")).toBe("SECRET=1\n");
    expect(readdirSync(project).filter((e) => e.includes("staging"))).toEqual([]);
  });
});

describe("renames that cross devices (simulated: a folder of the project mounted from elsewhere)", () => {
  const acrossDevices = { FS_FAULT_EXDEV: "1" };

  it("a new project: written whole, by copying, no staging folder left", async () => {
    const dir = await workDir("fs");
    const expected = await workDir("fs");
    expect((await cli(["app", ...quiet], expected)).exitCode).toBe(0);
    const run = await cli(["app", ...quiet], dir, { faults: acrossDevices });
    expect(run.exitCode, run.all).toBe(0);
    expect(readdirSync(dir)).toEqual(["app"]);
    expect(snapshotTree(path.join(dir, "app"))).toEqual(snapshotTree(path.join(expected, "app")));
  });

  it("--overwrite into an existing folder: the new files in, the user's own untouched, no staging or backups left", async () => {
    const dir = await workDir("fs");
    const project = await existingProject(dir);
    const run = await cli(["app", ...quiet, "--overwrite"], dir, { faults: acrossDevices });
    expect(run.exitCode, run.all).toBe(0);
    expect(readFileSync(path.join(project, "README.md"), "utf8")).not.toBe("# my own readme\n");
    expect(existsSync(path.join(project, "package.json"))).toBe(true);
    expect(readFileSync(path.join(project, "notes", "todo.md"), "utf8")).toBe("mine\n");
    expect(readFileSync(path.join(project, ".env"), "utf8")).toBe("SECRET=1\n");
    expect(readdirSync(project).filter((e) => e.includes("staging"))).toEqual([]);
  });
});
