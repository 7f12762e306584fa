import path from "node:path";
import validateNpmPackageName from "validate-npm-package-name";

export type NameCheck = { ok: true; name: string } | { ok: false; name: string; problems: string[]; suggestion: string };

/** The package name a directory gives the project: its last path segment. */
export function projectNameFor(directory: string, cwd = process.cwd()): string {
  return path.basename(path.resolve(cwd, directory));
}

/** Device names Windows reserves in every folder: a project called `con` cannot be checked out there. */
const windowsReserved = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

export function checkProjectName(name: string): NameCheck {
  const result = validateNpmPackageName(name);
  const problems = [...(result.errors ?? []), ...(result.warnings ?? [])];
  if (windowsReserved.test(name)) problems.push(`${name} is a device name Windows reserves, so the project could not be cloned there`);
  if (problems.length === 0 && result.validForNewPackages) return { ok: true, name };
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
  return validateNpmPackageName(candidate).validForNewPackages && !windowsReserved.test(candidate) ? candidate : `${candidate}-app`;
}

/** Inngest app ids are kebab-case; derived from the package name without its scope. */
export function appIdFor(projectName: string): string {
  return suggestProjectName(projectName.replace(/^@[^/]+\//, ""));
}

export function describeNameProblem(check: Extract<NameCheck, { ok: false }>): string {
  // An over-long name is shown shortened; the problem says how long it may be.
  const shown = check.name.length > 60 ? `${check.name.slice(0, 40)}… (${check.name.length} characters)` : check.name;
  return `"${shown}" is not a valid npm package name: ${check.problems.join("; ")}. Try "${check.suggestion}".`;
}
