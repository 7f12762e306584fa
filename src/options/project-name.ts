import path from "node:path";
import validateNpmPackageName from "validate-npm-package-name";

export type NameCheck = { ok: true; name: string } | { ok: false; name: string; problems: string[]; suggestion: string };

/** The package name a directory gives the project: its last path segment. */
export function projectNameFor(directory: string, cwd = process.cwd()): string {
  return path.basename(path.resolve(cwd, directory));
}

export function checkProjectName(name: string): NameCheck {
  const result = validateNpmPackageName(name);
  if (result.validForNewPackages) return { ok: true, name };
  const problems = [...(result.errors ?? []), ...(result.warnings ?? [])];
  return { ok: false, name, problems, suggestion: suggestProjectName(name) };
}

/** A valid package name close to what the user typed: `My App!` → `my-app`. */
export function suggestProjectName(name: string): string {
  const cleaned = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9-~]+/g, "-")
    .replace(/^[-._~]+|-+$/g, "")
    .replace(/-{2,}/g, "-")
    .slice(0, 214);
  const candidate = cleaned || "inngest-app";
  return validateNpmPackageName(candidate).validForNewPackages ? candidate : `${candidate}-app`;
}

/** Inngest app ids are kebab-case; derived from the package name without its scope. */
export function appIdFor(projectName: string): string {
  return suggestProjectName(projectName.replace(/^@[^/]+\//, ""));
}

export function describeNameProblem(check: Extract<NameCheck, { ok: false }>): string {
  return `"${check.name}" is not a valid npm package name: ${check.problems.join("; ")}. Try "${check.suggestion}".`;
}
