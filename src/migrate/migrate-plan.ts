import path from "node:path";
import { typescriptForInngest, versions } from "../catalogue/versions.ts";
import { ProjectPackages, declaredRange, dependencyFields, dependencyInText, type PackageInfo } from "../check/packages.ts";
import { describeSyntaxError, lineAndColumn, parseSource, type ParsedFile } from "../code/parse.ts";
import { listSourceFiles, readSourceFile } from "../code/project-files.ts";
import { createResolver } from "../code/resolve.ts";
import type { Plan, PlannedFile } from "../plan/plan.ts";
import { clientEvents, findClients, migrateSource, portableServeOptions, servesIn, usedOutside, type ClientFacts, type LeftInPlace, type ProjectView } from "./migrate-source.ts";
import { localDeclaration, type Lookup } from "./event-schemas.ts";
import { findMember } from "../code/code-edits.ts";

/**
 * `migrate`: the plan that moves every package of a tree that is on inngest 3.x to v4 (its code
 * and package.json), with what was changed and what was left for a person.
 */
export interface MigratePlan extends Plan {
  /** Package folders (relative, "" for the root) on inngest 3.x that the plan moves. */
  packages: string[];
  changes: string[];
  left: LeftInPlace[];
  /** In packages already on inngest 4: v3 code no run can move, left for a person (a first run listed it too). */
  stillLeft: LeftInPlace[];
}

/** Other Inngest packages that follow the SDK's major: moved with it when on the v3 line. */
const companionUpgrades: Record<string, { fromMajor: (range: string) => boolean; to: string }> = {
  "@inngest/test": { fromMajor: (range) => /^[~^]?0\./.test(range.trim()), to: versions["@inngest/test"] },
};

export function planMigration(root: string): MigratePlan {
  const listing = listSourceFiles(root, { tests: true });
  const packages = new ProjectPackages(root, listing.files.map((f) => f.path));
  const onV3 = (info: PackageInfo | undefined) => info?.inngest.major === 3;
  // Code of packages already on 4 is read too, for what a first run left there (`user` on
  // events, v3 middleware…): listed again, never changed.
  const onV4 = (info: PackageInfo | undefined) => info?.inngest.major === 4;
  const files = listing.files.filter((f) => onV3(packages.packageOf(f.path)) || onV4(packages.packageOf(f.path)));
  const left: LeftInPlace[] = [];
  const parsed = new Map<string, ParsedFile>();
  for (const f of files) {
    const read = readSourceFile(f.path);
    if (!read.ok) {
      // Over a megabyte is generated or bundled code, not something to migrate.
      if (read.reason.startsWith("larger than")) continue;
      left.push({ file: f.rel, line: 1, message: `not read (${read.reason}): migrate it by hand.` });
      continue;
    }
    if (!/inngest|createFunction|step\./.test(read.text)) continue;
    try {
      parsed.set(f.path, parseSource(f.rel, read.text));
    } catch (error) {
      left.push({ file: f.rel, line: 1, message: `not parsed (${describeSyntaxError(f.rel, error)}): migrate it by hand.` });
    }
  }

  const resolver = createResolver(root, new Set(listing.files.map((f) => f.path)));
  // Types and constants the event schemas name, followed through imports into project files.
  const parsedAny = (abs: string): ParsedFile | undefined => {
    if (parsed.has(abs)) return parsed.get(abs);
    const read = readSourceFile(abs);
    if (!read.ok) return undefined;
    try {
      return parseSource(path.relative(root, abs).split(path.sep).join("/"), read.text);
    } catch {
      return undefined;
    }
  };
  const lookup: Lookup = (file, name, depth = 0) => {
    const local = localDeclaration(file, name);
    if (local) return { file, statement: local };
    if (depth > 5) return undefined;
    for (const statement of file.ast.program.body) {
      if (statement.type !== "ImportDeclaration") continue;
      const specifier = statement.specifiers.find((s) => s.local.name === name);
      if (specifier?.type !== "ImportSpecifier") continue;
      const resolution = resolver.resolve(path.join(root, file.path), statement.source.value);
      const target = resolution.kind === "file" ? parsedAny(resolution.path) : undefined;
      const imported = specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
      return target ? (lookup as (f: ParsedFile, n: string, d: number) => ReturnType<Lookup>)(target, imported, depth + 1) : undefined;
    }
    return undefined;
  };
  const clientsByFile = new Map<string, ClientFacts[]>();
  for (const [abs, file] of parsed) {
    const clients = findClients(file).map((c): ClientFacts => {
      const id = c.options ? findMember(c.options, "id") : undefined;
      const appId = id?.type === "ObjectProperty" && id.value.type === "StringLiteral" ? id.value.value : undefined;
      const schemas = clientEvents(file, c.options, lookup);
      return { file: abs, binding: c.binding, appId, optionsLiteral: Boolean(c.options), events: schemas.events, schemas };
    });
    if (clients.length > 0) clientsByFile.set(abs, clients);
  }
  const allClients = [...clientsByFile.values()].flat();
  // A `schemas` constant imported from another file moves there only when nothing else uses it.
  for (const client of allClients) {
    const definedIn = client.schemas.definedIn;
    if (!definedIn) continue;
    const home = definedIn.file;
    const homeAbs = path.join(root, home.path);
    const statement = client.schemas.schemasFrom!;
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    const declared = declaration?.type === "VariableDeclaration" && declaration.declarations[0]!.id.type === "Identifier" ? declaration.declarations[0]!.id.name : undefined;
    // Every project file naming it, not only those about Inngest.
    const importedElsewhere = listing.files.some(({ path: abs }) => {
      if (abs === client.file || abs === homeAbs || !declared) return false;
      const read = readSourceFile(abs);
      if (!read.ok || !(read.text.includes(declared) || /export\s*\*/.test(read.text))) return false;
      const other = parsedAny(abs);
      if (!other) return true;
      return other.ast.program.body.some((s) => {
        // An import of it (or of the whole module), or any re-export from that module.
        const reexport = (s.type === "ExportNamedDeclaration" || s.type === "ExportAllDeclaration") && s.source;
        const imports = s.type === "ImportDeclaration" && s.specifiers.some((sp) => sp.type !== "ImportSpecifier" || (sp.imported.type === "Identifier" ? sp.imported.name : sp.imported.value) === declared);
        if (!reexport && !imports) return false;
        const resolution = resolver.resolve(abs, (s as { source: { value: string } }).source.value);
        return resolution.kind === "file" && resolution.path === homeAbs;
      });
    });
    if (!declared || importedElsewhere || usedOutside(home, declared, [statement])) {
      client.schemas = { events: [], reason: `its \`schemas\` constant (${home.path}) is used elsewhere too` };
      client.events = [];
    }
  }

  const clientFor = (file: ParsedFile, name: string): ClientFacts | undefined => {
    const abs = path.join(root, file.path);
    const local = clientsByFile.get(abs)?.find((c) => c.binding === name);
    if (local) return local;
    for (const statement of file.ast.program.body) {
      if (statement.type !== "ImportDeclaration") continue;
      const specifier = statement.specifiers.find((s) => s.local.name === name);
      if (!specifier) continue;
      const resolution = resolver.resolve(abs, statement.source.value);
      if (resolution.kind !== "file") return undefined;
      const exported = specifier.type === "ImportSpecifier" ? (specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value) : undefined;
      const candidates = clientsByFile.get(resolution.path) ?? [];
      return exported ? candidates.find((c) => c.binding === exported) : candidates.length === 1 ? candidates[0] : undefined;
    }
    return undefined;
  };

  // serve() options that move to the client, gathered before any file is changed.
  const moved = new Map<string, Map<string, string>>();
  for (const [abs, file] of parsed) {
    for (const serve of servesIn(file)) {
      const client = serve.client ? clientFor(file, serve.client) : undefined;
      if (!client?.optionsLiteral) continue;
      const codes = moved.get(client.file) ?? new Map<string, string>();
      for (const option of portableServeOptions(file, serve.options)) if (!codes.has(option.name)) codes.set(option.name, option.code);
      moved.set(client.file, codes);
      void abs;
    }
  }
  const project: ProjectView = {
    clientFor,
    soleClient: allClients.length === 1 ? allClients[0] : undefined,
    movedToClient: (clientFile) => [...(moved.get(clientFile)?.values() ?? [])],
    definitionsIn: (file) => allClients.filter((c) => c.schemas.definedIn?.file.path === file.path && c.events.length > 0),
    definitionsSpecifier: (from, clientSpecifier, client) => {
      const definedIn = client.schemas.definedIn;
      if (!definedIn) return undefined;
      const fromAbs = path.join(root, from.path);
      const homeAbs = path.join(root, definedIn.file.path);
      // The client's own import of the file, seen from `from`'s import of the client; a relative
      // path from `from` otherwise. Kept only when it resolves to that very file.
      const candidates: string[] = [definedIn.specifier.startsWith(".") ? path.posix.join(path.posix.dirname(clientSpecifier), definedIn.specifier) : definedIn.specifier];
      if (clientSpecifier.startsWith(".")) candidates[0] = /^\.\.?\//.test(candidates[0]!) ? candidates[0]! : `./${candidates[0]}`;
      return candidates.find((c) => {
        const resolution = resolver.resolve(fromAbs, c);
        return resolution.kind === "file" && resolution.path === homeAbs;
      });
    },
  };

  const planned: PlannedFile[] = [];
  const changes: string[] = [];
  const stillLeft: LeftInPlace[] = [];
  for (const [abs, file] of parsed) {
    const result = migrateSource(file, abs, project);
    if (onV4(packages.packageOf(abs))) {
      stillLeft.push(...result.left);
      continue;
    }
    changes.push(...result.changes);
    left.push(...result.left);
    if (result.text !== file.text) planned.push({ path: file.path, content: result.text, action: "update", previous: file.text });
  }

  const movedPackages: string[] = [];
  for (const info of packages.all) {
    const major = info.inngest.major;
    if (major !== undefined && major < 3 && !info.inngest.inherited) {
      const manifestPath = info.dir ? `${info.dir}/package.json` : "package.json";
      const text = readSourceFile(path.join(info.abs, "package.json"));
      left.push({
        file: manifestPath,
        line: text.ok ? lineOfDependency(text.text, "inngest") : 1,
        message: `inngest ${major}.x is older than 3, and migrate moves 3.x code: upgrade this package to inngest 3 first, following Inngest's v2-to-v3 guide (keep each function's id with \`id: slugify(name)\`).`,
      });
    }
    if (!onV3(info) || info.inngest.inherited) continue;
    movedPackages.push(info.dir);
    const manifestPath = info.dir ? `${info.dir}/package.json` : "package.json";
    const previous = readSourceFile(path.join(info.abs, "package.json"));
    if (!previous.ok) continue;
    const updated = upgradeManifest(previous.text, info.manifest);
    if (!updated) {
      left.push({ file: manifestPath, line: 1, message: "the inngest range was not found as a plain string: set it to ^4 by hand." });
      continue;
    }
    changes.push(...updated.changes.map((c) => `${manifestPath}: ${c}`));
    left.push(...updated.left.map((message) => ({ file: manifestPath, line: lineOfDependency(previous.text, message.split(" ")[0]!), message })));
    if (updated.text !== previous.text) planned.push({ path: manifestPath, content: updated.text, action: "update", previous: previous.text });
  }

  return { root, files: planned, dependencies: {}, devDependencies: {}, env: [], packages: movedPackages, changes, left, stillLeft: stillLeft.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)) };
}

function lineOfDependency(text: string, name: string): number {
  const at = dependencyInText(text, name);
  return at ? lineAndColumn(text, at.key).line : 1;
}

/** package.json's text with a dependency's range replaced, in the field that declares it (never a script of that name). */
function setRange(text: string, name: string, to: string, fields: readonly string[] = dependencyFields): string | undefined {
  const at = dependencyInText(text, name, fields);
  return at ? `${text.slice(0, at.start)}${to}${text.slice(at.end)}` : undefined;
}

/** `to` (a caret range) written as `previous` was: an exact pin stays exact, a tilde a tilde. */
function rangeLike(previous: string, to: string): string {
  const version = to.replace(/^[~^]/, "");
  if (/^\d+\.\d+\.\d+$/.test(previous.trim())) return version;
  if (/^~\s*\d/.test(previous.trim())) return `~${version}`;
  return to;
}

/** A range another file decides: pnpm's `catalog:`, `workspace:`, a link or a file. */
const decidedElsewhere = (range: string) => /^(catalog|workspace|link|file|portal):/.test(range.trim());

/**
 * inngest to v4's range; zod and typescript up to what inngest 4 peers on (within their major);
 * @inngest/test to its v4 line. Other @inngest packages are listed.
 */
export function upgradeManifest(text: string, manifest: Record<string, unknown>): { text: string; changes: string[]; left: string[] } | undefined {
  const changes: string[] = [];
  const left: string[] = [];
  if (!declaredRange(manifest, "inngest")) return undefined;
  // Every field that declares inngest: a library's peer range on 3 would still let its app keep 3.
  let updated = text;
  for (const field of dependencyFields) {
    const range = (manifest[field] as Record<string, unknown> | undefined)?.inngest;
    if (typeof range !== "string") continue;
    if (decidedElsewhere(range)) {
      const where = range.startsWith("catalog:") ? "the pnpm catalog (pnpm-workspace.yaml)" : "the package it points to";
      left.push(`inngest "${range}" in ${field} is set in ${where}: move that to ${versions.inngest} (migrate does not edit it).`);
      continue;
    }
    const to = field === "peerDependencies" ? "^4.0.0" : rangeLike(range, versions.inngest);
    updated = setRange(updated, "inngest", to, [field]) ?? updated;
    changes.push(`inngest ${range} → ${to}${field === "dependencies" || field === "devDependencies" ? "" : ` (${field})`}`);
  }
  // inngest 4 peers on zod ^3.25 || ^4 (required) and typescript >= 5.8 (when present): npm
  // refuses the install otherwise. Raised within their major only.
  for (const [name, minimum, reason] of [
    ["zod", [3, 25], "inngest 4 peers on zod ^3.25.0 || ^4"],
    ["typescript", [typescriptForInngest.major, typescriptForInngest.minor], "inngest 4 peers on typescript >= 5.8"],
  ] as const) {
    const range = declaredRange(manifest, name);
    const version = range ? /(\d+)\.(\d+)/.exec(range) : undefined;
    if (!range || !version) continue;
    const [major, minor] = [Number(version[1]), Number(version[2])];
    if (major === minimum[0] && minor < minimum[1]) {
      const to = `^${minimum[0]}.${minimum[1]}.0`;
      updated = setRange(updated, name, to) ?? updated;
      changes.push(`${name} ${range} → ${to} (${reason})`);
    } else if (major < minimum[0]) left.push(`${name} ${range}: ${reason}; moving to ${minimum[0]}.x is a major upgrade, yours to make.`);
  }
  for (const [name, upgrade] of Object.entries(companionUpgrades)) {
    const range = declaredRange(manifest, name);
    if (range && upgrade.fromMajor(range)) {
      updated = setRange(updated, name, upgrade.to) ?? updated;
      changes.push(`${name} ${range} → ${upgrade.to}`);
    }
  }
  for (const field of dependencyFields) {
    for (const name of Object.keys((manifest[field] as Record<string, unknown> | undefined) ?? {})) {
      if (name.startsWith("@inngest/") && !(name in companionUpgrades)) left.push(`${name} is an Inngest package: check that its installed version supports inngest 4.`);
    }
  }
  return { text: updated, changes, left };
}
