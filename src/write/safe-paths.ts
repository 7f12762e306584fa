import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { UserError } from "../errors.ts";
import type { PlannedFile } from "../plan/plan.ts";

/**
 * Refuses, before anything is written, a plan that a symbolic link would send elsewhere: a
 * project directory that is a dangling link, or a file whose folder is a link out of the project
 * (`src -> ../shared`) — writing through it would change files that are not the project's.
 */
export function assertWritesStayInside(root: string, files: readonly PlannedFile[]): void {
  const rootLink = lstatOrUndefined(root);
  if (rootLink?.isSymbolicLink() && !existsSync(root)) {
    throw new UserError(`${root} is a symbolic link to ${readlinkSync(root)}, which does not exist. Remove the link or choose another directory. Nothing was written.`);
  }
  if (!existsSync(root)) return;
  const realRoot = realpathSync(root);
  const checked = new Set<string>();
  for (const file of files) {
    const parts = path.dirname(file.path).split("/").filter((p) => p && p !== ".");
    for (let depth = 1; depth <= parts.length; depth++) {
      const relative = parts.slice(0, depth).join("/");
      if (checked.has(relative)) continue;
      checked.add(relative);
      const absolute = path.join(root, relative);
      if (!lstatOrUndefined(absolute)?.isSymbolicLink()) continue;
      const resolved = existsSync(absolute) ? realpathSync(absolute) : path.resolve(path.dirname(absolute), readlinkSync(absolute));
      if (resolved !== realRoot && !resolved.startsWith(realRoot + path.sep)) {
        throw new UserError(
          `${relative} is a symbolic link to ${resolved}, outside the project: writing ${file.path} through it would change files elsewhere. ` +
            "Replace the link with a folder, or choose another directory. Nothing was written.",
        );
      }
    }
  }
}

function lstatOrUndefined(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
