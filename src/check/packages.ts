import { existsSync } from "node:fs";
import path from "node:path";
import { parseJsonc, readTextIfExists } from "../code/jsonc.ts";
import type { Resolution, Resolver } from "../code/resolve.ts";

/**
 * The packages of a checked tree (each folder with a package.json), what each calls itself, and
 * the version of `inngest` it uses: the lockfile's when there is one (package-lock.json,
 * pnpm-lock.yaml, yarn.lock, bun.lock), else the major of its package.json range.
 */

export interface InngestVersion {
  /** The range in package.json (`^3.0.2`), when declared there or by a package above. */
  range?: string;
  /** The version a lockfile installs (`3.22.1`). */
  locked?: string;
  /** 3 or 4; undefined when neither says (`latest`, a git URL, not declared). */
  major?: number;
  /** Not declared by the package: a package above it declares it, or the one version the other packages of the tree use. */
  inherited?: boolean;
}

export interface PackageInfo {
  /** Folder relative to the checked root, forward slashes; "" for the root. */
  dir: string;
  abs: string;
  name?: string;
  manifest: Record<string, unknown>;
  inngest: InngestVersion;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
export const dependencyFields = ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"] as const;

/** The major a range pins (`^3.1`, `~3`, `3.x`, `>=3 <4`, `npm:inngest@3`); undefined for `latest`, `*`, URLs. */
export function majorOfRange(range: string): number | undefined {
  const m = /^(?:npm:inngest@)?\s*(?:[~^=v]|>=?)*\s*(\d+)(?:\.|$|\s)/.exec(range.trim());
  return m ? Number(m[1]) : undefined;
}

/** The range package.json declares for a package, from the first dependency field that has it. */
export function declaredRange(manifest: Record<string, unknown>, name = "inngest"): string | undefined {
  for (const field of dependencyFields) {
    const deps = manifest[field];
    if (isRecord(deps) && typeof deps[name] === "string") return deps[name];
  }
  return undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

/**
 * Where package.json's text declares a package, in the field `declaredRange` reads it from: the
 * offset of its key and those of its range's characters. A script or setting of the same name
 * (`"scripts": { "inngest": "npx inngest-cli dev" }`) is not it.
 */
export function dependencyInText(text: string, name: string, fields: readonly string[] = dependencyFields): { key: number; start: number; end: number } | undefined {
  for (const field of fields) {
    const open = new RegExp(`"${field}"\\s*:\\s*\\{`).exec(text);
    if (!open) continue;
    const from = open.index + open[0].length;
    const close = text.indexOf("}", from);
    const entry = new RegExp(`"${escapeRegExp(name)}"\\s*:\\s*"([^"]*)"`).exec(text.slice(from, close < 0 ? undefined : close));
    if (!entry) continue;
    const key = from + entry.index;
    const end = key + entry[0].length - 1;
    return { key, start: end - entry[1]!.length, end };
  }
  return undefined;
}

/** Lockfiles are strict JSON and can be megabytes: JSON.parse, not the JSONC reader. */
function parseStrictJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const lockfileNames = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock", "bun.lock"] as const;

/** The version of inngest a lockfile installs for the package in `packageDir` (relative to the lockfile's folder). */
export function lockedVersion(lockName: string, text: string, packageDir: string, range: string | undefined): string | undefined {
  const rel = packageDir.split(path.sep).join("/");
  if (lockName === "package-lock.json") {
    const lock = parseStrictJson(text);
    if (!isRecord(lock)) return undefined;
    const packages = isRecord(lock.packages) ? lock.packages : {};
    for (const key of [rel ? `${rel}/node_modules/inngest` : "", "node_modules/inngest"]) {
      const entry = key ? packages[key] : undefined;
      if (isRecord(entry) && typeof entry.version === "string") return entry.version;
    }
    const deps = isRecord(lock.dependencies) ? lock.dependencies.inngest : undefined;
    return isRecord(deps) && typeof deps.version === "string" ? deps.version : undefined;
  }
  if (lockName === "pnpm-lock.yaml") {
    // importers:\n  apps/web:\n    dependencies:\n      inngest:\n        specifier: ^3.0.0\n        version: 3.22.1(…)
    const importers = text.indexOf("\nimporters:");
    let block = text;
    if (importers >= 0) {
      const key = rel || ".";
      const start = text.indexOf(`\n  ${key}:\n`, importers);
      if (start >= 0) {
        const end = text.slice(start + 3).search(/\n {2}\S|\n\S/);
        block = text.slice(start, end < 0 ? undefined : start + 3 + end);
      } else if (rel) return undefined;
    }
    const m = /\n\s+'?inngest'?:\s*(?:\n\s+specifier:[^\n]*\n\s+version:\s*)?['"]?(\d+\.\d+\.\d+[^\s('"]*)/.exec(block);
    return m?.[1];
  }
  if (lockName === "yarn.lock") {
    // "inngest@^3.0.0", inngest@^3.1.0:\n  version "3.22.1"   (berry: "inngest@npm:^3.0.0":\n  version: 3.22.1)
    const entries = [...text.matchAll(/^("?inngest@[^\n]*):\n(?:[^\n]*\n)*?\s+version:?\s+"?(\d+\.\d+\.\d+[^"\s]*)/gm)];
    const fitting = range ? entries.find((e) => e[1]!.includes(`@${range}`) || e[1]!.includes(`@npm:${range}`)) : undefined;
    return (fitting ?? (entries.length === 1 ? entries[0] : undefined))?.[2];
  }
  // bun.lock (JSONC): "packages": { "inngest": ["inngest@3.22.1", …] }
  const m = /"inngest":\s*\[\s*"inngest@(\d+\.\d+\.\d+[^"]*)"/.exec(text);
  return m?.[1];
}

/**
 * A package named the way Deno and CDNs name it, as Node would: `npm:inngest@^3/hono`,
 * `https://esm.sh/inngest@3.22.0/express` → `inngest/hono`, `inngest/express`; undefined otherwise.
 */
export function fromRegistry(specifier: string): string | undefined {
  const m = /^(?:npm:|jsr:|https?:\/\/(?:esm\.sh|cdn\.skypack\.dev|cdn\.jsdelivr\.net\/npm|unpkg\.com)\/)((?:@[^/@]+\/)?[^/@?]+)(?:@[^/?]*)?(\/[^?]*)?/.exec(specifier);
  return m ? `${m[1]}${m[2] ?? ""}` : undefined;
}

export class ProjectPackages {
  /** Package folder (absolute) → package; only folders with a package.json. */
  private readonly byDir = new Map<string, PackageInfo>();
  private readonly nearestCache = new Map<string, PackageInfo | undefined>();
  private readonly lockText = new Map<string, string | undefined>();
  /** Workspace packages by name. */
  readonly byName = new Map<string, PackageInfo>();

  constructor(
    private readonly root: string,
    sourceFiles: readonly string[],
  ) {
    for (const file of sourceFiles) this.nearest(path.dirname(file));
    // Inngest's own packages stay packages even when their source is in the tree (the SDK's own
    // repository): check knows what they export, not what their source does inside.
    for (const p of this.byDir.values()) if (p.name && p.name !== "inngest" && !p.name.startsWith("@inngest/")) this.byName.set(p.name, p);
    // A package that does not declare inngest uses a workspace package's client: when the tree
    // holds one version of inngest, that is the one.
    const majors = new Set([...this.byDir.values()].map((p) => p.inngest.major).filter((m) => m !== undefined));
    if (majors.size === 1) {
      const [major] = majors;
      for (const p of this.byDir.values()) if (p.inngest.range === undefined && p.inngest.locked === undefined) p.inngest = { major, inherited: true };
    }
  }

  /** The package a file belongs to (its nearest package.json within the checked tree). */
  packageOf(file: string): PackageInfo | undefined {
    return this.nearest(path.dirname(file));
  }

  get all(): PackageInfo[] {
    return [...this.byDir.values()];
  }

  private nearest(dir: string): PackageInfo | undefined {
    if (this.nearestCache.has(dir)) return this.nearestCache.get(dir);
    let found: PackageInfo | undefined;
    const manifest = parseJsonc(readTextIfExists(path.join(dir, "package.json")) ?? "");
    if (isRecord(manifest)) {
      const rel = path.relative(this.root, dir).split(path.sep).join("/");
      found = { dir: rel, abs: dir, name: typeof manifest.name === "string" ? manifest.name : undefined, manifest, inngest: {} };
      this.byDir.set(dir, found);
      found.inngest = this.versionFor(found);
    } else if (dir !== this.root && dir.startsWith(this.root)) found = this.nearest(path.dirname(dir));
    this.nearestCache.set(dir, found);
    return found;
  }

  /** The range declared by the package or the nearest package above it (a monorepo's root), and the locked version. */
  private versionFor(pkg: PackageInfo): InngestVersion {
    let range = declaredRange(pkg.manifest);
    let lock: string | undefined;
    for (let dir = pkg.abs; ; dir = path.dirname(dir)) {
      if (range === undefined && dir !== pkg.abs) {
        const above = parseJsonc(readTextIfExists(path.join(dir, "package.json")) ?? "");
        if (isRecord(above)) range = declaredRange(above);
      }
      for (const name of lockfileNames) {
        const file = path.join(dir, name);
        if (!this.lockText.has(file)) this.lockText.set(file, existsSync(file) ? readTextIfExists(file) : undefined);
        const text = this.lockText.get(file);
        if (text !== undefined) lock ??= lockedVersion(name, text, path.relative(dir, pkg.abs), range);
      }
      if (lock || path.dirname(dir) === dir) break;
    }
    // The lockfile tells what is installed, unless package.json has moved past it since (a
    // migration or an upgrade not installed yet): then the code is written for the declared major.
    const lockMajor = lock ? majorOfRange(lock) : undefined;
    const rangeMajor = range ? majorOfRange(range) : undefined;
    const major = lockMajor !== undefined && rangeMajor !== undefined && rangeMajor > lockMajor ? rangeMajor : (lockMajor ?? rangeMajor);
    return { range, locked: lock, major, ...(declaredRange(pkg.manifest) === undefined ? { inherited: true } : {}) };
  }

  /**
   * Whether the checked folder is one package of a workspace above it, whose other packages may
   * serve its functions: the reason, or undefined.
   */
  workspaceAbove(): string | undefined {
    for (let dir = path.dirname(this.root); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const manifest = parseJsonc(readTextIfExists(path.join(dir, "package.json")) ?? "");
      if ((isRecord(manifest) && manifest.workspaces !== undefined) || existsSync(path.join(dir, "pnpm-workspace.yaml"))) {
        return `it is one package of the workspace at ${path.relative(this.root, dir) || "."}, whose other packages may serve them`;
      }
    }
    return undefined;
  }

  /**
   * A resolver that also follows workspace packages by name (`@acme/jobs`, `@acme/jobs/next`) to
   * their folder in the checked tree: its package.json `exports`, else `source`/`types`/`main`,
   * else its index (a path to built output is tried in `src/` too).
   */
  withWorkspaces(resolver: Resolver): Resolver {
    return {
      resolve: (fromFile, specifier): Resolution => {
        const found = resolver.resolve(fromFile, specifier);
        if (found.kind !== "package") return found;
        const registry = fromRegistry(found.name);
        if (registry) return { kind: "package", name: registry };
        const pkg = this.workspacePackage(specifier);
        if (!pkg) return found;
        const subpath = specifier === pkg.name ? "." : `.${specifier.slice(pkg.name!.length)}`;
        for (const target of this.entryTargets(pkg, subpath)) {
          const r = resolver.resolve(fromFile, path.resolve(pkg.abs, target));
          if (r.kind === "file") return r;
        }
        return found;
      },
    };
  }

  private workspacePackage(specifier: string): PackageInfo | undefined {
    const parts = specifier.split("/");
    const name = specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
    return this.byName.get(name);
  }

  /** Where a subpath of a package may be, most likely first. */
  private entryTargets(pkg: PackageInfo, subpath: string): string[] {
    const out: string[] = [];
    const pick = (value: unknown): string | undefined => {
      if (typeof value === "string") return value;
      if (Array.isArray(value)) return value.map(pick).find(Boolean);
      // The source is what we want, so types and development come before the build.
      if (isRecord(value)) for (const c of ["source", "types", "development", "import", "node", "default", "require"]) if (c in value) return pick(value[c]);
      return undefined;
    };
    const { exports } = pkg.manifest;
    if (isRecord(exports) || typeof exports === "string" || Array.isArray(exports)) {
      const map = isRecord(exports) && Object.keys(exports).some((k) => k.startsWith(".")) ? exports : { ".": exports };
      const exact = pick(map[subpath]);
      if (exact) out.push(exact);
      else {
        for (const [key, value] of Object.entries(map)) {
          const star = key.indexOf("*");
          if (star < 0 || !subpath.startsWith(key.slice(0, star)) || !subpath.endsWith(key.slice(star + 1))) continue;
          const target = pick(value);
          if (target) out.push(target.replace("*", subpath.slice(star, subpath.length - (key.length - star - 1))));
        }
      }
    }
    if (subpath === ".") for (const field of ["source", "types", "typings", "module", "main"]) if (typeof pkg.manifest[field] === "string") out.push(pkg.manifest[field] as string);
    out.push(subpath, path.join("src", subpath));
    // A path into built output: the source usually sits in src/ under the same name.
    return out.flatMap((t) => {
      const clean = t.replace(/\.d\.[mc]?ts$/, "");
      const source = clean.replace(/^\.?\/?(?:dist|build|lib|out)\//, "src/");
      return source === clean ? [clean] : [clean, source];
    });
  }
}
