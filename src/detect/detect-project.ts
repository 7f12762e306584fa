import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { findFramework, frameworkIds, frameworkNames, frameworks, type FrameworkId } from "../catalogue/frameworks.ts";
import { unknownValues } from "../options/suggest.ts";
import { readTsConfig, type TsConfigFacts } from "../code/tsconfig.ts";
import { readReactRouterConfig, type ReactRouterConfig } from "./react-router-config.ts";
import { detectFormatter, sampleStyle, type CodeStyle, type FormatterFacts } from "../code/code-style.ts";
import { listSourceFiles } from "../code/project-files.ts";
import { readTextIfExists } from "../code/jsonc.ts";
import { UserError, usageErrorExitCode } from "../errors.ts";
import { findStripeWebhook } from "./stripe-webhook.ts";
import { packageManagers, type PackageManager } from "../install/package-manager.ts";

export interface PackageJson {
  name?: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
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
  /** The monorepo root this package is a workspace of (absolute), if it is one. */
  workspaceRoot?: string;
  /** Where TypeScript is declared: this package.json, or the workspace root's (`../../package.json`). */
  typescript?: string;
  /** Where the project asks for exact versions of added packages (`save-exact=true` in .npmrc…), if it does. */
  saveExact?: string;
  /** The formatter the project configures (Prettier, Biome), if any. */
  formatter?: FormatterFacts;
  /** How new code should look: the formatter's settings, else what most of the project's files do. */
  codeStyle?: { style: CodeStyle; evidence: string };
  /** A Stripe webhook route of the project's own that reads STRIPE_WEBHOOK_SECRET, if any. */
  stripeWebhook?: { file: string };
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

/**
 * Whether the project (or its workspace root) pins added packages to exact versions: npm's and
 * pnpm's `save-exact` in .npmrc, bun's `exact` in bunfig.toml, yarn's empty range prefix.
 */
export function detectSaveExact(root: string): string | undefined {
  const settings: [string, RegExp][] = [
    [".npmrc", /^\s*save-exact\s*=\s*true\s*$/m],
    ["bunfig.toml", /^\s*exact\s*=\s*true\s*$/m],
    [".yarnrc.yml", /^\s*defaultSemverRangePrefix:\s*(""|'')\s*$/m],
  ];
  for (let dir = root; ; dir = path.dirname(dir)) {
    for (const [name, setting] of settings) {
      const file = path.join(dir, name);
      if (existsSync(file) && setting.test(readFileSync(file, "utf8"))) return path.relative(root, file) || name;
    }
    // The nearest workspace or repository root ends the search: settings above it are not the project's.
    if (path.dirname(dir) === dir || existsSync(path.join(dir, ".git")) || lockfiles.some(([lock]) => existsSync(path.join(dir, lock)))) break;
  }
  return undefined;
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

/** A workspace of a monorepo that holds a framework app: its folder (relative to the root) and framework. */
export interface WorkspaceApp {
  folder: string;
  framework: FrameworkId;
}

/** The folders a monorepo root declares as workspaces (`workspaces` in package.json, or pnpm-workspace.yaml). */
function workspaceFolders(root: string, pkg: PackageJson): string[] {
  const patterns = Array.isArray(pkg.workspaces) ? pkg.workspaces : (pkg.workspaces?.packages ?? pnpmWorkspaces(root));
  return patterns.flatMap((pattern) => {
    const clean = pattern.replace(/^\.\//, "").replace(/\/+$/, "");
    if (!clean.endsWith("/*")) return [clean];
    const parent = path.join(root, clean.slice(0, -2));
    return existsSync(parent) ? readdirSync(parent).map((entry) => `${clean.slice(0, -2)}/${entry}`) : [];
  });
}

/** Workspace folders that hold a framework app, for a monorepo root that has none itself. */
export function workspaceApps(root: string, pkg: PackageJson): WorkspaceApp[] {
  return workspaceFolders(root, pkg).flatMap((folder) => {
    const file = path.join(root, folder, "package.json");
    if (!existsSync(file)) return [];
    let json: PackageJson;
    try {
      json = JSON.parse(readFileSync(file, "utf8")) as PackageJson;
    } catch {
      return [];
    }
    const framework = detectFramework(json);
    return framework ? [{ folder, framework: framework.id }] : [];
  });
}

/** The packages of a monorepo by name → folder, for configs they share before they are linked into node_modules. */
function workspacePackageDirs(workspaceRoot: string): (name: string) => string | undefined {
  let byName: Map<string, string> | undefined;
  return (name) => {
    byName ??= new Map(
      workspaceFolders(workspaceRoot, readPackageJson(workspaceRoot).json).flatMap((folder) => {
        const manifest = readTextIfExists(path.join(workspaceRoot, folder, "package.json"));
        const packageName = manifest ? (JSON.parse(manifest) as PackageJson).name : undefined;
        return packageName ? [[packageName, path.join(workspaceRoot, folder)] as [string, string]] : [];
      }),
    );
    return byName.get(name);
  };
}

/** How the project's own relative imports end (`./x.js`, `./x.ts` or `./x`), by majority, from a sample of its files. */
function importExtensionInUse(root: string): { extension: TsConfigFacts["importExtension"]; evidence: string } | undefined {
  const counts = { ".js": 0, ".ts": 0, "": 0 };
  for (const { rel } of listSourceFiles(root).files.slice(0, 50)) {
    const text = readTextIfExists(path.join(root, rel)) ?? "";
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const spec = match[1]!;
      const extension = /\.[mc]?js$/.test(spec) ? ".js" : /\.[mc]?ts$/.test(spec) ? ".ts" : /\/[^/]*\.[a-z]+$/i.test(spec) ? undefined : "";
      // `./styles.css`, `./data.json`: not a module of code, no vote.
      if (extension !== undefined) counts[extension]++;
    }
  }
  const best = (Object.entries(counts) as [TsConfigFacts["importExtension"], number][]).sort((a, b) => b[1] - a[1])[0]!;
  if (best[1] === 0) return undefined;
  return { extension: best[0], evidence: `${best[1]} relative import${best[1] > 1 ? "s" : ""} of the project ${best[0] ? `end in ${best[0]}` : "have no extension"}` };
}

/** The monorepo root that lists `root` among its workspaces, looking up to the repository's root. */
export function findWorkspaceRoot(root: string): string | undefined {
  for (let dir = path.dirname(root); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) {
      try {
        const pkg = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as PackageJson;
        const folders = workspaceFolders(dir, pkg).map((folder) => path.join(dir, folder));
        if (folders.includes(root)) return dir;
      } catch {
        // A broken package.json above is not this project's business.
      }
    }
    if (path.dirname(dir) === dir || existsSync(path.join(dir, ".git"))) return undefined;
  }
}

/**
 * TypeScript in the package's own dependencies, or (hoisted, the usual monorepo layout) in the
 * workspace root's; else what runs and checks the project's TypeScript without that package
 * (Bun, tsx, ts-node, the native tsgo preview).
 */
function findTypeScript(root: string, pkg: PackageJson, workspaceRoot: string | undefined): string | undefined {
  const declares = (json: PackageJson) => Boolean(allDependencies(json).typescript ?? json.peerDependencies?.typescript);
  if (declares(pkg)) return "package.json";
  const rootPkg = workspaceRoot ? readPackageJson(workspaceRoot).json : undefined;
  if (rootPkg && declares(rootPkg)) return path.relative(root, path.join(workspaceRoot!, "package.json")).split(path.sep).join("/");
  const deps = { ...(rootPkg ? allDependencies(rootPkg) : {}), ...allDependencies(pkg) };
  const bunLock = [root, workspaceRoot].some((dir) => dir && (existsSync(path.join(dir, "bun.lock")) || existsSync(path.join(dir, "bun.lockb"))));
  if (deps["@types/bun"] || deps["bun-types"] || bunLock) return "Bun, which runs it";
  const runner = ["tsx", "ts-node", "@typescript/native-preview"].find((name) => deps[name]);
  return runner ? `${runner}, which runs it` : undefined;
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

/** add changes one package of a monorepo, never its root: the choice is the user's (exit 2 without a terminal to ask). */
export function workspaceRootError(root: string, apps: WorkspaceApp[]): UserError {
  const width = Math.max(...apps.map((app) => app.folder.length));
  return new UserError(
    `${root} is a workspace root; add changes one package, and these workspaces hold apps:\n` +
      `${apps.map((app) => `  --cwd ${app.folder.padEnd(width)}  (${frameworkLabel(app.framework)})`).join("\n")}\n` +
      `Run add in one of them, or pass --cwd ${apps[0]!.folder}. Nothing was changed.`,
    usageErrorExitCode,
  );
}

const frameworkLabel = (id: FrameworkId) => findFramework(id)?.label ?? id;

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
    if (!chosen) throw new UserError(unknownValues("framework", [frameworkOverride], frameworkIds, { note: "(react-router is an alias of remix)", candidates: frameworkNames }), usageErrorExitCode);
    framework = { id: chosen.id, evidence: "--framework" };
  }
  if (!framework) {
    const apps = workspaceApps(root, pkg);
    if (apps.length > 0) throw workspaceRootError(root, apps);
    throw new UserError(
      `No supported framework found in ${path.join(root, "package.json")} (looked for next, @sveltejs/kit, @react-router/dev, hono, express).\n` +
        "Pass --framework <next|express|hono|remix|sveltekit> if the project uses one of them.",
    );
  }
  const { pm, evidence } = detectPackageManager(root, pkg);
  const workspaceRoot = findWorkspaceRoot(root);
  const facts: ProjectFacts = {
    root,
    packageJson: pkg,
    packageJsonText: text,
    framework: framework.id,
    frameworkEvidence: framework.evidence,
    sourceDir: isDir(root, "src") ? "src" : "",
    packageManager: pm,
    packageManagerEvidence: evidence,
    installedZod: installedVersion(root, "zod"),
    tsconfig: readTsConfig(root, workspaceRoot, workspaceRoot ? workspacePackageDirs(workspaceRoot) : undefined),
    workspaceRoot,
    typescript: findTypeScript(root, pkg, workspaceRoot),
    saveExact: detectSaveExact(root),
    stripeWebhook: findStripeWebhook(root),
  };
  // A config package not installed yet hides how imports end: write them as the project's files do.
  if (facts.tsconfig.unresolvedExtends) {
    const used = importExtensionInUse(root);
    if (used) {
      facts.tsconfig.importExtension = used.extension;
      facts.tsconfig.importExtensionEvidence = used.evidence;
    }
  }
  facts.formatter = detectFormatter(root, workspaceRoot ?? root);
  if (facts.formatter) facts.codeStyle = { style: facts.formatter.style, evidence: facts.formatter.config };
  else {
    const sampled = sampleStyle(root, listSourceFiles(root).files.map((f) => f.rel));
    if (sampled) facts.codeStyle = { style: sampled, evidence: "the project's source files" };
  }
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

/** The port the project's dev script serves on: its `--port`/`-p`/`PORT=`, wrangler's 8787, else the framework's default. */
export function devServerPort(project: ProjectFacts): number {
  const script = project.packageJson.scripts?.dev ?? "";
  const given = /(?:--port[= ]|-p[= ]?|\bPORT=)(\d{2,5})\b/.exec(script);
  if (given) return Number(given[1]);
  if (/\bwrangler\s+dev\b/.test(script)) return 8787;
  return frameworks[project.framework].devPort;
}
