import { rmSync } from "node:fs";
import path from "node:path";
import { succeeds } from "./run.ts";

export type GitOutcome = "committed" | "skipped-no-git" | "skipped-inside-repo" | "failed";

/** `git init` and one initial commit, unless git is missing or the project already sits in a repository. */
export function initGitRepository(root: string): GitOutcome {
  if (!succeeds("git", ["--version"])) return "skipped-no-git";
  if (succeeds("git", ["rev-parse", "--is-inside-work-tree"], root)) return "skipped-inside-repo";
  const ok =
    succeeds("git", ["init", "--quiet", "--initial-branch=main"], root) &&
    succeeds("git", ["add", "--all"], root) &&
    succeeds("git", ["commit", "--quiet", "--no-verify", "-m", "Initial commit from create-inngest-app"], root);
  // A half-made repository (e.g. no user.email configured) is worse than none: the user can run git init.
  if (!ok) rmSync(path.join(root, ".git"), { recursive: true, force: true });
  return ok ? "committed" : "failed";
}
