import { existsSync, readdirSync, readFileSync } from "node:fs";
import { chmod, mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { cliPath } from "../../support/paths.ts";
import { keys, runInTerminal } from "../../support/terminal.ts";
import { cliEnv } from "../../support/project.ts";
import { faultsPreload, snapshotTree, workDir } from "./hostile.ts";

const quiet = ["--framework", "hono", "--yes", "--no-git"];

/** Starts the CLI and sends `signal` once `cue` shows on its output. */
async function interrupt(args: string[], cwd: string, cue: string, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = {}) {
  const child = execa(process.execPath, ["--require", faultsPreload, cliPath, ...args], {
    cwd,
    env: cliEnv(env),
    extendEnv: false,
    reject: false,
    all: true,
  });
  let output = "";
  let sent = false;
  child.all!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (!sent && output.includes(cue)) {
      sent = true;
      child.kill(signal);
    }
  });
  const result = await child;
  expect(sent, `the cue "${cue}" never showed:\n${output}`).toBe(true);
  return { exitCode: result.exitCode, output };
}

/** A package manager that starts installing and never finishes; it notes its pid to check it was stopped. */
async function stuckPackageManager(dir: string): Promise<{ bin: string; pidFile: string }> {
  const bin = path.join(dir, "fake-bin");
  const pidFile = path.join(dir, "npm.pid");
  await mkdir(bin);
  await writeFile(path.join(bin, "npm"), `#!/bin/sh\necho $$ > "${pidFile}"\necho "fake install running" >&2\nexec sleep 60\n`);
  await chmod(path.join(bin, "npm"), 0o755);
  return { bin, pidFile };
}

async function expectStopped(pidFile: string): Promise<void> {
  const pid = Number(readFileSync(pidFile, "utf8"));
  const alive = () => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 40 && alive(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(alive(), "the package manager was left running").toBe(false);
}

describe("signals while writing: nothing left behind", () => {
  // Each file takes 40 ms to write (a slow disk), so the signal lands mid-write.
  const slowDisk = { FS_FAULT_DELAY_MS: "40" };

  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s during a new project's write: exit %d, no project, no staging folder", async (signal, code) => {
    const dir = await workDir("signals");
    const run = await interrupt(["app", ...quiet, "--no-install"], dir, "[fs-faults] writing", signal, slowDisk);
    expect(run.exitCode, run.output).toBe(code);
    expect(run.output).toContain(`Stopped by ${signal} while writing: nothing was left on disk.`);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("SIGTERM during --overwrite of an existing folder: every file as it was", async () => {
    const dir = await workDir("signals");
    const project = path.join(dir, "app");
    await mkdir(project);
    await writeFile(path.join(project, "README.md"), "# mine\n");
    await writeFile(path.join(project, "notes.txt"), "mine\n");
    const before = snapshotTree(project);
    const run = await interrupt(["app", ...quiet, "--no-install", "--overwrite"], dir, "[fs-faults] writing", "SIGTERM", slowDisk);
    expect(run.exitCode, run.output).toBe(143);
    expect(snapshotTree(project)).toEqual(before);
  });
});

describe("signals while add writes: the project as it was", () => {
  it("SIGINT mid-write leaves git clean", async () => {
    const dir = await workDir("signals");
    const made = await execa(process.execPath, [cliPath, "shop", "--framework", "express", "--yes", "--no-install", "--no-git"], { cwd: dir, env: cliEnv() });
    expect(made.exitCode).toBe(0);
    const project = path.join(dir, "shop");
    const git = (...args: string[]) => execa("git", args, { cwd: project, env: cliEnv() });
    await git("init", "-q");
    await git("add", "-A");
    await git("commit", "-qm", "init");
    const run = await interrupt(["add", "webhook", "cron-fan-out", "--yes", "--no-install"], project, "[fs-faults] writing", "SIGINT", { FS_FAULT_DELAY_MS: "40" });
    expect(run.exitCode, run.output).toBe(130);
    expect((await git("status", "--porcelain")).stdout).toBe("");
  });
});

describe("signals during the install: the project stays, with the command to finish", () => {
  it.each([
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const)("%s sent to the CLI alone: passed on to the package manager, exit %d", async (signal, code) => {
    const dir = await workDir("signals");
    const { bin, pidFile } = await stuckPackageManager(dir);
    const run = await interrupt(["app", ...quiet, "--pm", "npm"], dir, "fake install running", signal, {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    expect(run.exitCode, run.output).toBe(code);
    expect(run.output).toContain(`The install was stopped (${signal}). The project is in place; to finish, run:\n  cd app && npm install`);
    expect(existsSync(path.join(dir, "app", "package.json"))).toBe(true);
    await expectStopped(pidFile);
  });

  it("Ctrl-C in a terminal (the whole process group gets SIGINT)", async () => {
    const dir = await workDir("signals");
    const { bin, pidFile } = await stuckPackageManager(dir);
    const term = runInTerminal(["app", "--framework", "hono", "--target", "railway", "--patterns", "durable-sleep", "--install", "--no-immediate", "--no-git"], dir, {
      PATH: `${bin}${path.delimiter}${process.env.PATH}`,
    });
    await term.expect("Installing dependencies with npm");
    // In a terminal the install's output sits behind a spinner: its pid file says it runs.
    for (let i = 0; i < 200 && !existsSync(pidFile); i++) await new Promise((r) => setTimeout(r, 25));
    term.type(keys.ctrlC);
    expect(await term.exited, term.screen()).toBe(130);
    expect(term.screen()).toContain("cd app && npm install");
    expect(existsSync(path.join(dir, "app", "package.json"))).toBe(true);
    await expectStopped(pidFile);
  });

  it("Ctrl-C at the first question: nothing created", async () => {
    const dir = await workDir("signals");
    const term = runInTerminal([], dir);
    await term.expect("Where should the project go?");
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });
});
