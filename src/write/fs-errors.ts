import path from "node:path";
import { UserError } from "../errors.ts";

/** What a file-system error code means to someone who did not write the code. */
const reasons: Record<string, string> = {
  EACCES: "permission denied",
  EPERM: "the operation is not permitted",
  EROFS: "the file system is read-only",
  ENOSPC: "the disk is full",
  EDQUOT: "the disk quota is used up",
  ENAMETOOLONG: "a name is too long for this file system",
  ENOTDIR: "part of the path is a file, not a directory",
  EISDIR: "a directory is where a file should go",
  ELOOP: "the path has a loop of symbolic links",
  EEXIST: "something appeared there while writing",
  ENOTEMPTY: "something appeared there while writing",
  EMFILE: "too many files are open",
  EIO: "the disk reported an input/output error",
};

/**
 * A file-system failure the user can act on (permissions, space, names) becomes a UserError
 * naming the path and the reason; anything else is a bug and stays as it is.
 */
export function explainFsError(error: unknown, outcome: string, shown: (file: string) => string = (file) => `to ${file}`): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (!code || !(code in reasons)) return error;
  const where = (error as NodeJS.ErrnoException).path;
  return new UserError(`Cannot write${where ? ` ${shown(where)}` : ""}: ${reasons[code]} (${code}). ${outcome}`);
}

/**
 * Where the user would look: a file being staged under `staging` is shown at its place in
 * `root`, and the staging folder itself as the folder it is made in.
 */
export function userFacingPath(root: string, staging: string | undefined): (file: string) => string {
  return (file) => {
    if (staging && file.startsWith(staging + path.sep)) return `to ${path.join(root, path.relative(staging, file))}`;
    if (path.basename(file).includes("-staging-")) return `in ${path.dirname(file)}`;
    return `to ${file}`;
  };
}
