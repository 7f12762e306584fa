import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFramework, frameworkIds, type FrameworkId } from "../catalogue/frameworks.ts";
import { readTsConfig, type TsConfigFacts } from "../code/tsconfig.ts";
import { readReactRouterConfig, type ReactRouterConfig } from "./react-router-config.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { packageManagers, type PackageManager } from "../install/package-manager.ts";

export interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  scripts?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  packageManager?: string;
}

/** What `add` found in a project before changing anything; every fact says how it was found. */
export interface ProjectFacts {
  root: string;
  packageJson: PackageJson;
  packageJsonText: string;
  framework: FrameworkId;
  frameworkEvidence: string;
  /** Next.js only: which router the serve route goes in. */
  nextRouter?: "app" | "pages";
  /** Folder (relative, "" for the root) that gets `inngest/` and `services/`. */
  sourceDir: string;
  /** Next.js: the folder holding `app/` or `pages/` ("src" or ""). */
  nextBase?: string;
  /** React Router: the routes module in the app directory (`app/routes.ts`), which every app has. */
  routeConfigFile?: string;
  /** React Router: what react-router.config.ts says (app directory, SSR). */
  reactRouter?: ReactRouterConfig;
  packageManager: PackageManager;
  packageManagerEvidence: string;
  tsconfig: TsConfigFacts;
  /** The zod in node_modules (here or in a workspace root above), when the range alone can't tell (`catalog:`). */
  installedZod?: string;
}

const lockfiles: [string, PackageManager][] = [
  ["pnpm-lock.yaml", "pnpm"],
  ["yarn.lock", "yarn"],
  ["bun.lock", "bun"],
  ["bun.lockb", "bun"],
  ["package-lock.json", "npm"],
];

export function readPackageJson(root: string): { json: PackageJson; text: string } {
  const file = path.join(root, "package.json");
  if (!existsSync(file)) {
    throw new UserError(`No package.json in ${root}. Run add inside a JavaScript project (or pass --cwd), or start one with create-inngest-app.`);
  }
  const text = readFileSync(file, "utf8");
  try {
    return { json: JSON.parse(text) as PackageJson, text };
  } catch (error) {
    throw new UserError(`${file} is not valid JSON (${(error as Error).message}); fix it first.`);
  }
}

export function allDependencies(pkg: PackageJson): Record<string, string> {
  return { ...pkg.devDependencies, ...pkg.dependencies };
}

/** The lockfile decides; then the `packageManager` field; then the lockfiles of a workspace root above. */
export function detectPackageManager(root: string, pkg: PackageJson): { pm: PackageManager; evidence: string } {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const found = lockfiles.find(([file]) => existsSync(path.join(dir, file)));
    if (found) return { pm: found[1], evidence: path.relative(root, path.join(dir, found[0])) };
    if (dir === root) {
      const declared = pkg.packageManager?.split("@")[0];
      const pm = packageManagers.find((name) => name === declared);
      if (pm) return { pm, evidence: `"packageManager": "${pkg.packageManager}"` };
    }
    if (path.dirname(dir) === dir || existsSync(path.join(dir, ".git"))) break;
  }
  return { pm: "npm", evidence: "no lockfile (npm by default)" };
}

/** Frameworks in the order they are checked: a Next.js app that also uses Hono for an API is a Next.js app. */
const frameworkSignals: { id: FrameworkId; packages: string[] }[] = [
  { id: "next", packages: ["next"] },
  { id: "sveltekit", packages: ["@sveltejs/kit"] },
  { id: "remix", packages: ["@react-router/dev", "@remix-run/dev", "@remix-run/node", "@remix-run/react"] },
  { id: "hono", packages: ["hono"] },
  { id: "express", packages: ["express"] },
];

export function detectFramework(pkg: PackageJson): { id: FrameworkId; evidence: string } | undefined {
  const deps = allDependencies(pkg);
  for (const signal of frameworkSignals) {
    const found = signal.packages.find((name) => name in deps);
    if (found) return { id: signal.id, evidence: `${found} ${deps[found]} in package.json` };
  }
  return undefined;
}

/** Workspace folders that hold a framework app, for a monorepo root that has none itself. */
export function workspaceApps(root: string, pkg: PackageJson): string[] {
  const patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? pnpmWorkspaces(root));
  const folders = patterns.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = path.join(root, pattern.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((entry) => `${pattern.slice(0, -2)}/${entry}`) : [];
  });
  return folders.filter((folder) => {
    const file = path.join(root, folder, "package.json");
    return existsSync(file) && detectFramework(JSON.parse(readFileSync(file, "utf8")) as PackageJson) !== undefined;
  });
}

function pnpmWorkspaces(root: string): string[] {
  const file = path.join(root, "pnpm-workspace.yaml");
  if (!existsSync(file)) return [];
  // The `packages:` list is a plain YAML sequence of quoted or bare globs.
  return [...readFileSync(file, "utf8").matchAll(/^\s*-\s*["']?([^"'\n#]+?)["']?\s*$/gm)].map((m) => m[1]!);
}

/** The version of a package node_modules resolves from `root` (looking up to the repository's root). */
function installedVersion(root: string, name: string): string | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "node_modules", name, "package.json");
    if (existsSync(file)) return (JSON.parse(readFileSync(file, "utf8")) as { version?: string }).version;
    if (path.dirname(dir) === dir || existsSync(path.join(dir, ".git"))) return undefined;
  }
}

const isDir = (root: string, relative: string) => existsSync(path.join(root, relative));

/**
 * Reads a project: framework (or `--framework`), layout, package manager, tsconfig.
 * Throws a UserError naming the workspaces when `root` is a monorepo root without an app.
 */
export function detectProject(root: string, frameworkOverride?: string): ProjectFacts {
  const { json: pkg, text } = readPackageJson(root);
  let framework = detectFramework(pkg);
  if (frameworkOverride) {
    const chosen = findFramework(frameworkOverride);
    if (!chosen) throw new UserError(`Unknown framework "${frameworkOverride}". Valid values: ${frameworkIds.join(", ")}.`, usageErrorExitCode);
    framework = { id: chosen.id, evidence: "--framework" };
  }
  if (!framework) {
    const apps = workspaceApps(root, pkg);
    if (apps.length > 0) {
      throw new UserError(
        `${root} is a workspace root; these workspaces hold apps:\n${apps.map((app) => `  ${app}`).join("\n")}\n` +
          `Run add in one of them, or pass --cwd ${apps[0]}.`,
      );
    }
    throw new UserError(
      `No supported framework found in ${path.join(root, "package.json")} (looked for next, @sveltejs/kit, @react-router/dev, hono, express).\n` +
        "Pass --framework <next|express|hono|remix|sveltekit> if the project uses one of them.",
    );
  }
  const { pm, evidence } = detectPackageManager(root, pkg);
  const facts: ProjectFacts = {
    root,
    packageJson: pkg,
    packageJsonText: text,
    framework: framework.id,
    frameworkEvidence: framework.evidence,
    sourceDir: isDir(root, "src") ? "src" : "",
    packageManager: pm,
    packageManagerEvidence: evidence,
    tsconfig: readTsConfig(root),
    installedZod: installedVersion(root, "zod"),
  };
  if (framework.id === "next") {
    // Next.js ignores src/app and src/pages when app/ or pages/ is in the root: the root's are the routes.
    const inRoot = isDir(root, "app") || isDir(root, "pages");
    const base = !inRoot && (isDir(root, "src/app") || isDir(root, "src/pages")) ? "src" : "";
    facts.nextBase = base;
    facts.sourceDir = base;
    facts.nextRouter = isDir(root, path.join(base, "app")) || !isDir(root, path.join(base, "pages")) ? "app" : "pages";
  }
  if (framework.id === "remix") {
    // The app directory is where React Router reads root.tsx and routes.ts: new files go there.
    facts.reactRouter = readReactRouterConfig(root);
    facts.sourceDir = facts.reactRouter.appDirectory;
    facts.routeConfigFile = ["ts", "tsx", "mts", "js", "jsx", "mjs"].map((ext) => path.posix.join(facts.sourceDir, `routes.${ext}`)).find((file) => isDir(root, file));
  }
  if (framework.id === "sveltekit") facts.sourceDir = "src";
  return facts;
}
