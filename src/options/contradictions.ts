import { UserError, usageErrorExitCode } from "../errors.ts";

type Contradiction = readonly [flag: string, other: string, why: string];

/** Flags that ask for opposite things. The parser would keep the last one; we refuse the pair. */
export const contradictions = {
  create: [
    ["--install", "--no-install", "one installs the dependencies, the other skips that"],
    ["--git", "--no-git", "one makes a git repository, the other skips that"],
    ["--dry-run", "--install", "a dry run writes nothing, so there is nothing to install"],
    ["--dry-run", "--git", "a dry run writes nothing, so there is no repository to make"],
    ["--immediate", "--no-install", "the app cannot start without its dependencies"],
    ["--immediate", "--dry-run", "a dry run writes nothing, so there is nothing to start"],
  ],
  add: [
    ["--install", "--no-install", "one installs the new dependencies, the other skips that"],
    ["--dry-run", "--install", "a dry run changes nothing, so there is nothing to install"],
  ],
} as const satisfies Record<string, readonly Contradiction[]>;

/** `args`: the command line as typed (options after `--` are operands, not flags). */
export function assertNoContradiction(args: readonly string[], pairs: readonly Contradiction[]): void {
  const end = args.indexOf("--");
  const flags = end === -1 ? args : args.slice(0, end);
  const given = (flag: string) => flags.some((a) => a === flag || a.startsWith(`${flag}=`));
  const found = pairs.filter(([flag, other]) => given(flag) && given(other));
  if (found.length > 0) {
    throw new UserError(found.map(([flag, other, why]) => `${flag} and ${other} contradict each other: ${why}. Keep one.`).join("\n"), usageErrorExitCode);
  }
}
