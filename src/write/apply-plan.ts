import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { moveSync } from "fs-extra";
import { CancelledError, UserError } from "../errors.ts";
import type { Plan, PlannedFile } from "../plan/plan.ts";
import { signalExitCodes, stopSignalOf } from "../signals.ts";
import { explainFsError, userFacingPath } from "./fs-errors.ts";
import { assertWritesStayInside } from "./safe-paths.ts";

export interface ApplyOptions {
  /** Aborting stops the write between two files and rolls everything back. */
  signal?: AbortSignal;
  /** Called before each file is staged, then before each is moved into place; tests use it to fail half-way. */
  beforeFile?: (phase: "stage" | "move", file: PlannedFile, index: number) => void | Promise<void>;
}

/**
 * Writes a plan so that it lands whole or not at all: files are rendered into a staging folder
 * first, then moved into place; any failure or cancel removes what was added and puts back what
 * was replaced.
 */
export async function applyPlan(plan: Plan, options: ApplyOptions = {}): Promise<string[]> {
  const files = plan.files.filter((f) => f.action === "create" || f.action === "update");
  const blocked = plan.files.filter((f) => f.action === "conflict");
  if (blocked.length > 0) throw new Error(`Refusing to write a plan with conflicts: ${blocked.map((f) => f.path).join(", ")}`);
  assertWritesStayInside(plan.root, files);

  return existsSync(plan.root) ? writeIntoExisting(plan.root, files, options) : writeNewDirectory(plan.root, files, options);
}

// Synchronous file-system calls on both paths: the first asynchronous one starts libuv's thread
// pool, and each await then waits on the event loop, which on a busy machine costs more than the
// whole write. A signal during staging is seen before anything moves (signalsDelivered); one
// during the moves into an existing folder is seen once they are done, and puts every file back.
async function writeNewDirectory(root: string, files: PlannedFile[], options: ApplyOptions): Promise<string[]> {
  let createdParent: string | undefined;
  let staging: string | undefined;
  try {
    createdParent = mkdirSync(path.dirname(root), { recursive: true });
    staging = mkdtempSync(path.join(path.dirname(root), `.${path.basename(root)}-staging-`));
    await stage(staging, files, options);
    await signalsDelivered();
    throwIfAborted(options.signal);
    // mkdtemp makes the folder 0700; the project gets the mode a plain mkdir would (the umask's).
    chmodSync(staging, 0o777 & ~process.umask());
    move(staging, root);
    return files.map((f) => f.path);
  } catch (error) {
    if (staging) rmSync(staging, { recursive: true, force: true });
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
    throw explainFsError(error, "Nothing was written.", userFacingPath(root, staging));
  }
}

async function writeIntoExisting(root: string, files: PlannedFile[], options: ApplyOptions): Promise<string[]> {
  let staging: string;
  try {
    staging = mkdtempSync(path.join(root, ".create-inngest-app-staging-"));
  } catch (error) {
    throw explainFsError(error, "Nothing was changed.", userFacingPath(root, undefined));
  }
  // Flat: file i is staged as `i`, and what it replaces is kept as `i.replaced`. No folders to
  // make and remove again (each a slow metadata write on some disks).
  const staged = (index: number) => path.join(staging, String(index));
  const moved: { target: string; backup?: string }[] = [];
  const createdDirs: string[] = [];
  // Folders that exist (found or made) during the moves: one mkdir per folder, not per file.
  const knownDirs = new Set<string>();
  let allMoved = false;
  try {
    await stage(staging, files, options, (_file, index) => String(index));
    await signalsDelivered();
    for (const [index, file] of files.entries()) {
      throwIfAborted(options.signal);
      await options.beforeFile?.("move", file, index);
      const target = path.join(root, file.path);
      const dir = path.dirname(target);
      if (!knownDirs.has(dir)) {
        const created = mkdirSync(dir, { recursive: true });
        if (created) createdDirs.push(created);
        knownDirs.add(dir);
      }
      // lstat, not exists: a link (even a dangling one) is put back too, not followed.
      const present = lstatSync(target, { throwIfNoEntry: false }) !== undefined;
      assertUnchangedSincePlanned(target, file, present);
      let backup: string | undefined;
      if (present) {
        backup = `${staged(index)}.replaced`;
        move(target, backup);
      }
      moved.push({ target, backup });
      move(staged(index), target);
    }
    // A signal that came during the moves: put everything back rather than half-ignore it.
    await signalsDelivered();
    throwIfAborted(options.signal);
    allMoved = true;
    return files.map((f) => f.path);
  } catch (error) {
    for (const { target, backup } of moved.reverse()) {
      rmSync(target, { force: true });
      if (backup) move(backup, target);
    }
    for (const dir of createdDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    // A staged file is named by its place in the project.
    const shown = (file: string) => {
      const planned = path.dirname(file) === staging ? files[Number.parseInt(path.basename(file), 10)] : undefined;
      return planned ? `to ${path.join(root, planned.path)}` : userFacingPath(root, undefined)(file);
    };
    throw explainFsError(error, "Every file was put back as it was.", shown);
  } finally {
    if (allMoved) removeBackups(staging, moved.flatMap(({ backup }) => (backup ? [backup] : [])));
    else rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A rename; where it would cross devices (a folder of the project mounted from elsewhere: a
 * container volume, a bind mount), fs-extra's move, which copies then removes. Only that case
 * loads fs-extra.
 */
function move(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EXDEV") throw error;
    moveSync(from, to);
  }
}

/**
 * Once every file is in place, the staging folder holds only the replaced files: removed one by
 * one, which spares loading Node's recursive remover (a millisecond). Anything unexpected in the
 * folder falls back to it.
 */
function removeBackups(staging: string, backups: string[]): void {
  try {
    for (const backup of backups) unlinkSync(backup);
    rmdirSync(staging);
  } catch {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * Writes the files into the staging folder. Synchronous calls: for a few dozen small files they
 * take a few milliseconds, against many more for a promise per file. A cancel lands between files
 * only when a hook awaits; either way it is checked before anything is moved into place.
 */
async function stage(
  into: string,
  files: PlannedFile[],
  options: ApplyOptions,
  name: (file: PlannedFile, index: number) => string = (file) => file.path,
): Promise<void> {
  const made = new Set<string>();
  for (const [index, file] of files.entries()) {
    throwIfAborted(options.signal);
    if (options.beforeFile) await options.beforeFile("stage", file, index);
    const target = path.join(into, name(file, index));
    const dir = path.dirname(target);
    if (!made.has(dir)) {
      mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    writeFileSync(target, file.content);
  }
}

/**
 * An edit is computed from the file as it was read: if the file changed since (an editor saved,
 * a formatter ran), writing ours would drop that change. Checked right before each file moves.
 */
function assertUnchangedSincePlanned(target: string, file: PlannedFile, present: boolean): void {
  if (file.action === "update" && file.previous === undefined) return; // create --overwrite: replaced whatever is there
  const now = present ? readIfThere(target) : undefined;
  const expected = file.action === "create" ? undefined : file.previous;
  if (now !== expected) {
    throw new UserError(`${file.path} changed while the plan was being applied; nothing was changed. Run the command again.`);
  }
}

/** A file's text; undefined when a link leads to no file (missing, or a loop). */
function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ELOOP") return undefined;
    throw error;
  }
}

function throwIfAborted(signal?: AbortSignal) {
  const stop = stopSignalOf(signal);
  if (stop) throw new CancelledError(`Stopped by ${stop} while writing: nothing was left on disk.`, false, signalExitCodes[stop]);
}

/**
 * Staging is synchronous, so a Ctrl-C pressed during it waits in the event loop; one turn lets it
 * arrive before the project is moved into place.
 */
function signalsDelivered(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

