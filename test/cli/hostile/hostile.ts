import { createHash } from "node:crypto";
import { lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { execa } from "execa";
import { cliPath, repoRoot } from "../../support/paths.ts";
import { cliEnv, tempDir } from "../../support/project.ts";

export const faultsPreload = path.join(repoRoot, "test", "support", "fs-faults.cjs");

export interface CliRun {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  all: string;
}

/** Root ignores file permissions: permission cases run the CLI as `nobody` then, as a user would meet them. */
export const runsAsRoot = process.getuid?.() === 0;
const nobody = { uid: 65534, gid: 65534 };

/**
 * A folder every user can enter (permission cases run as `nobody`, who cannot enter the test
 * run's private temporary root); removed by the returned function.
 */
export async function sharedDir(label: string): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `cia-hostile-${label}-`));
  await chmod(dir, 0o777);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

interface CliOptions {
  env?: NodeJS.ProcessEnv;
  faults?: Record<string, string>;
  /** Run as an ordinary user, for whom permissions apply. */
  unprivileged?: boolean;
}

/** Runs the built CLI; `faults` preloads fs-faults.cjs with those settings. */
export async function cli(args: string[], cwd: string, options: CliOptions = {}): Promise<CliRun> {
  const preload = options.faults ? ["--require", faultsPreload] : [];
  const result = await execa(process.execPath, [...preload, cliPath, ...args], {
    cwd,
    ...(options.unprivileged && runsAsRoot ? nobody : {}),
    env: cliEnv({ ...(options.unprivileged ? { HOME: cwd } : {}), ...options.faults, ...options.env }),
    extendEnv: false,
    reject: false,
    input: "",
    all: true,
  });
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr, all: result.all ?? "" };
}

export const workDir = (label: string) => tempDir(`hostile-${label}`);

/** Every entry under `dir` (links not followed) with a hash of its content: equal snapshots, untouched tree. */
export function snapshotTree(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name);
    const relative = path.relative(dir, file);
    const stat = lstatSync(file);
    if (stat.isSymbolicLink()) tree[relative] = `link → ${readlinkSync(file)}`;
    else if (stat.isDirectory()) tree[relative] = "dir";
    else tree[relative] = createHash("sha256").update(readFileSync(file)).digest("hex");
  }
  return tree;
}

/** No crash: a user error is one line of explanation, never a stack trace. */
export function expectNoCrash(run: CliRun): void {
  if (run.all.includes("failed unexpectedly") || /\n\s+at .+:\d+:\d+\)?\n/.test(run.all)) {
    throw new Error(`The CLI crashed instead of explaining:\n${run.all}`);
  }
}
