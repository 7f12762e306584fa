/** What the writer does with one file. */
export type FileAction = "create" | "update" | "skip" | "conflict";

export interface PlannedFile {
  /** Relative to the plan's root, with forward slashes. */
  path: string;
  content: string;
  action: FileAction;
  /** Why a file is skipped or in conflict. */
  reason?: string;
  /** The file as it is on disk, for updates and conflicts: what a diff compares against. */
  previous?: string;
}

export interface EnvVar {
  key: string;
  /** The value `.env.example` suggests; empty for secrets. */
  example: string;
  comment: string;
  /**
   * A production value (a placeholder host) that would break development if copied live into
   * the local secrets file: `.env.example` shows it commented out.
   */
  commentedOut?: boolean;
}

/** One variable as `.env.example` lists it: its comment, then the line (commented out when it must not apply locally). */
export function envExampleEntry(v: EnvVar): string {
  return `# ${v.comment}\n${v.commentedOut ? "# " : ""}${v.key}=${v.example}`;
}

/** The single description of a change to disk that `create` (and later `add`) produce and the writer applies. */
export interface Plan {
  /** Absolute directory the plan writes into. */
  root: string;
  files: PlannedFile[];
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  env: EnvVar[];
}

export function conflicts(plan: Plan): PlannedFile[] {
  return plan.files.filter((file) => file.action === "conflict");
}
