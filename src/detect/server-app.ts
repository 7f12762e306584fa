import { unwrapExpression } from "../code/unwrap.ts";
import path from "node:path";
import type { Expression, Node, Statement } from "@babel/types";
import { parseSource, walk, type ParsedFile } from "../code/parse.ts";
import { listSourceFiles, readSourceFile } from "../code/project-files.ts";
import { createResolver } from "../code/resolve.ts";

/** The statement that creates an Express or Hono app, and the names it uses. */
export interface ServerApp {
  file: ParsedFile;
  /** The variable holding the app (`app`, `server`…). */
  appName: string;
  /** The local name of Express's default import (for `express.json`), the Hono class for Hono; "" when the module does not import it. */
  frameworkName: string;
  /** The statement declaring the app: new code goes right after it, before the user's routes. */
  statement: Statement;
  /** Hono's `.basePath("/api")` on the app: every route it mounts is below it. */
  basePath?: string;
}

type Kind = "express" | "hono";

/** The classes (Hono) or functions (Express) that make an app, by module and exported name. */
const appMakers: Record<Kind, { from: string; name: string }[]> = {
  // `import * as express from "express"` is TypeScript's form without esModuleInterop.
  express: [
    { from: "express", name: "default" },
    { from: "express", name: "*" },
  ],
  hono: [
    { from: "hono", name: "Hono" },
    { from: "@hono/zod-openapi", name: "OpenAPIHono" },
    { from: "hono/tiny", name: "Hono" },
    { from: "hono/quick", name: "Hono" },
  ],
};

interface Candidate extends Omit<ServerApp, "frameworkName"> {
  score: number;
  order: number;
}

/** What one module says about apps: the local names that make one, and its functions that return one. */
interface ModuleFacts {
  file: ParsedFile;
  /** Local names bound to Hono / OpenAPIHono / express. */
  makers: Set<string>;
  /** Local functions (declared in the module) that return an app, by local name. */
  factories: Set<string>;
  /** Imported local name → module specifier and imported name. */
  imports: Map<string, { from: string; name: string }>;
}

/**
 * Finds where the app is created: `const app = express()`, `const app = new Hono()` (or
 * `OpenAPIHono`), chained forms (`new Hono().basePath("/api").use(…)`), and a call to a function
 * of the project that returns one (`const app = createApp()`, where `createApp` returns
 * `createRouter()`, which returns `new OpenAPIHono()`), at the top level or inside a factory.
 * When several variables hold apps (sub-routers made the same way), the one that mounts the
 * others, serves requests or is exported as the app wins.
 */
export function findServerApp(root: string, kind: Kind): ServerApp | undefined {
  const sourceFiles = listSourceFiles(root).files;
  const texts = new Map<string, string>();
  for (const { rel } of sourceFiles) {
    const read = readSourceFile(path.join(root, rel));
    if (read.ok) texts.set(rel, read.text);
  }
  const modules = new Map<string, ModuleFacts>();
  const parseModules = (relatives: string[]) => {
    for (const rel of relatives) {
      try {
        modules.set(rel, moduleFacts(parseSource(rel, texts.get(rel)!), kind));
      } catch {
        // A file that does not parse holds no app we could edit.
      }
    }
  };
  // Only modules that name the framework can make an app; then those that name a function found to return one.
  parseModules([...texts.keys()].filter((rel) => (kind === "express" ? /express/ : /hono/i).test(texts.get(rel)!)));

  let resolver: ReturnType<typeof createResolver> | undefined;
  const resolved = new Map<string, string | undefined>();
  const resolveImport = (from: string, specifier: string): string | undefined => {
    const key = `${from}\0${specifier}`;
    if (!resolved.has(key)) {
      resolver ??= createResolver(root, new Set(sourceFiles.map((f) => f.path)));
      const target = resolver.resolve(path.join(root, from), specifier);
      resolved.set(key, target.kind === "file" ? path.relative(root, target.path).split(path.sep).join("/") : undefined);
    }
    return resolved.get(key);
  };
  /** Whether `local` in `module` is a function (of this module or imported from another) that returns an app. */
  const isFactory = (module: ModuleFacts, local: string): boolean => {
    if (module.factories.has(local)) return true;
    const imported = module.imports.get(local);
    const target = imported ? resolveImport(module.file.path, imported.from) : undefined;
    const other = target ? modules.get(target) : undefined;
    if (!imported || !other) return false;
    const exported = exportedLocal(other.file, imported.name);
    return exported !== undefined && other.factories.has(exported);
  };

  // Factories call factories, across modules: grow the sets until nothing changes, reading the
  // modules that mention a factory found so far (they may make the app, or another factory).
  for (let rounds = 0; rounds < 10; rounds++) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const module of modules.values()) {
        for (const [name, fn] of localFunctions(module.file)) {
          if (module.factories.has(name)) continue;
          if (returnsApp(fn, (expression, scope) => isAppExpression(expression, module, scope, isFactory))) {
            module.factories.add(name);
            changed = true;
          }
        }
      }
    }
    const names = [...modules.values()].flatMap((module) => [...module.factories].flatMap((local) => exportNames(module.file, local)));
    const mentioning = names.length === 0 ? [] : [...texts.keys()].filter((rel) => !modules.has(rel) && names.some((name) => new RegExp(`\\b${name}\\b`).test(texts.get(rel)!)));
    if (mentioning.length === 0) break;
    parseModules(mentioning);
  }

  const candidates: Candidate[] = [];
  let order = 0;
  for (const module of modules.values()) {
    collectDeclarations(module.file.ast.program.body, true, (declarator, statement, topLevel) => {
      const init = declarator.init!;
      if (!isAppExpression(init, module, new Map(), isFactory)) return;
      const appName = (declarator.id as { name: string }).name;
      candidates.push({ file: module.file, appName, statement, basePath: basePathOf(init), score: score(module.file, appName, topLevel), order: order++ });
    });
  }
  const best = candidates.sort((a, b) => b.score - a.score || a.order - b.order)[0];
  if (!best) return undefined;
  const module = modules.get(best.file.path)!;
  // "" when the module that holds the app imports no maker (it calls a factory): Express's is then imported.
  const frameworkName = [...module.makers][0] ?? "";
  const { score: _score, order: _order, ...app } = best;
  return { ...app, frameworkName };
}

function moduleFacts(file: ParsedFile, kind: Kind): ModuleFacts {
  const makers = new Set<string>();
  const imports = new Map<string, { from: string; name: string }>();
  for (const statement of file.ast.program.body) {
    if (statement.type !== "ImportDeclaration" || statement.importKind === "type") continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === "ImportSpecifier" && specifier.importKind === "type") continue;
      const name =
        specifier.type === "ImportDefaultSpecifier" ? "default" : specifier.type === "ImportNamespaceSpecifier" ? "*" : specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
      imports.set(specifier.local.name, { from: statement.source.value, name });
      if (appMakers[kind].some((maker) => maker.from === statement.source.value && maker.name === name)) makers.add(specifier.local.name);
    }
  }
  return { file, makers, factories: new Set(), imports };
}

type FunctionNode = Extract<Node, { type: "FunctionDeclaration" | "ArrowFunctionExpression" | "FunctionExpression" }>;

/** Top-level functions of a module by name: declarations and `const f = () => …`, exported or not. */
function localFunctions(file: ParsedFile): Map<string, FunctionNode> {
  const functions = new Map<string, FunctionNode>();
  for (const statement of file.ast.program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "FunctionDeclaration") functions.set(declaration.id?.name ?? "default", declaration);
    if (declaration?.type === "VariableDeclaration") {
      for (const d of declaration.declarations) {
        if (d.id.type === "Identifier" && (d.init?.type === "ArrowFunctionExpression" || d.init?.type === "FunctionExpression")) functions.set(d.id.name, d.init);
      }
    }
    if (statement.type === "ExportDefaultDeclaration" && (statement.declaration.type === "ArrowFunctionExpression" || statement.declaration.type === "FunctionExpression")) {
      functions.set("default", statement.declaration);
    }
  }
  return functions;
}

/** The names other modules import a local function by (`default` read as any name: they name it themselves). */
function exportNames(file: ParsedFile, local: string): string[] {
  const names: string[] = [];
  for (const statement of file.ast.program.body) {
    if (statement.type === "ExportDefaultDeclaration" && exportedLocal(file, "default") === local) names.push("default");
    if (statement.type !== "ExportNamedDeclaration") continue;
    const d = statement.declaration;
    if ((d?.type === "FunctionDeclaration" && d.id?.name === local) || (d?.type === "VariableDeclaration" && d.declarations.some((v) => v.id.type === "Identifier" && v.id.name === local))) names.push(local);
    for (const specifier of statement.specifiers) {
      if (specifier.type === "ExportSpecifier" && !statement.source && specifier.local.name === local) names.push(specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value);
    }
  }
  // A default export is imported under a name of the importer's choosing: look for the module's path instead.
  return [...new Set(names.map((name) => (name === "default" ? path.posix.basename(file.path).replace(/\.[^.]+$/, "") : name)))].filter((n) => /^[\w$-]+$/.test(n)).map((n) => n.replace(/[$-]/g, "\\$&"));
}

/** The local name a module exports as `name` (`export function f`, `export { f as name }`, `export default f`). */
function exportedLocal(file: ParsedFile, name: string): string | undefined {
  for (const statement of file.ast.program.body) {
    if (statement.type === "ExportDefaultDeclaration" && name === "default") {
      const d = statement.declaration;
      if (d.type === "Identifier") return d.name;
      if (d.type === "FunctionDeclaration") return d.id?.name ?? "default";
      if (d.type === "ArrowFunctionExpression" || d.type === "FunctionExpression") return "default";
    }
    if (statement.type !== "ExportNamedDeclaration") continue;
    const d = statement.declaration;
    if (d?.type === "FunctionDeclaration" && d.id?.name === name) return name;
    if (d?.type === "VariableDeclaration" && d.declarations.some((v) => v.id.type === "Identifier" && v.id.name === name)) return name;
    for (const specifier of statement.specifiers) {
      if (specifier.type !== "ExportSpecifier" || statement.source) continue;
      const exported = specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value;
      if (exported === name) return specifier.local.name;
    }
  }
  return undefined;
}

/** Methods of an app that return an app (itself, or a copy under a base path), so a chain of them is still the app. */
const chainable = new Set(["basePath", "use", "route", "get", "post", "put", "patch", "delete", "all", "on", "options", "openapi", "doc", "doc31", "notFound", "onError", "set", "disable", "enable", "mount"]);

/** `new Hono()`, `express()`, `makeApp()` for a factory, and chains of app methods on them. */
function isAppExpression(expression: Node, module: ModuleFacts, scope: Map<string, boolean>, isFactory: (module: ModuleFacts, local: string) => boolean): boolean {
  const node = unwrapExpression(expression, { awaits: true });
  if (node.type === "NewExpression") return node.callee.type === "Identifier" && module.makers.has(node.callee.name);
  if (node.type === "Identifier") return scope.get(node.name) === true;
  if (node.type !== "CallExpression") return false;
  const callee = node.callee;
  if (callee.type === "Identifier") return module.makers.has(callee.name) || isFactory(module, callee.name);
  if (callee.type === "MemberExpression" && callee.property.type === "Identifier" && chainable.has(callee.property.name)) {
    return isAppExpression(callee.object, module, scope, isFactory);
  }
  return false;
}

/** Whether a function returns an app: `return new Hono()`, or a variable of its body that holds one. */
function returnsApp(fn: FunctionNode, isApp: (expression: Node, scope: Map<string, boolean>) => boolean): boolean {
  const scope = new Map<string, boolean>();
  if (fn.body.type !== "BlockStatement") return isApp(fn.body, scope);
  let found = false;
  walk(fn.body, (node) => {
    if (found) return false;
    // Functions nested in this one return for themselves.
    if (node !== fn.body && (node.type === "FunctionDeclaration" || node.type === "FunctionExpression" || node.type === "ArrowFunctionExpression")) return false;
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init && isApp(node.init, scope)) scope.set(node.id.name, true);
    if (node.type === "ReturnStatement" && node.argument && isApp(node.argument, scope)) found = true;
    return undefined;
  });
  return found;
}

/** `const x = …` declarations in a statement list and in the bodies of the functions it declares. */
function collectDeclarations(
  body: Statement[],
  topLevel: boolean,
  visit: (declarator: Extract<Node, { type: "VariableDeclarator" }>, statement: Statement, topLevel: boolean) => void,
): void {
  for (const statement of body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === "Identifier" && declarator.init) visit(declarator, statement, topLevel);
        // `const createApp = () => { const app = express(); … }`
        const init = declarator.init;
        if ((init?.type === "ArrowFunctionExpression" || init?.type === "FunctionExpression") && init.body.type === "BlockStatement") collectDeclarations(init.body.body, false, visit);
      }
    }
    const fn = statement.type === "ExportDefaultDeclaration" || statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (fn?.type === "FunctionDeclaration") collectDeclarations(fn.body.body, false, visit);
  }
}

/** Hono's `.basePath("/x")` anywhere in the chain that makes the app. */
function basePathOf(expression: Expression): string | undefined {
  let found: string | undefined;
  walk(expression, (node) => {
    if (node.type === "CallExpression" && node.callee.type === "MemberExpression" && node.callee.property.type === "Identifier" && node.callee.property.name === "basePath") {
      const argument = node.arguments[0];
      if (argument?.type === "StringLiteral") found = argument.value.replace(/\/+$/, "");
    }
  });
  return found;
}

/**
 * How much a variable looks like the app rather than a sub-router: it mounts others
 * (`app.route(…)`, `app.use("/x", router)`), serves (`app.fetch`, `serve(app)`, `app.listen`),
 * is named like an app, and is declared at the top level rather than in a factory.
 */
function score(file: ParsedFile, name: string, topLevel: boolean): number {
  let points = topLevel ? 1 : 0;
  if (/^(app|server|api)$/i.test(name)) points += 2;
  if (/router|route/i.test(name)) points -= 1;
  walk(file.ast.program, (node) => {
    if (node.type === "MemberExpression" && node.object.type === "Identifier" && node.object.name === name && node.property.type === "Identifier") {
      if (node.property.name === "route") points += 3;
      if (node.property.name === "fetch" || node.property.name === "listen") points += 3;
    }
    if (node.type === "CallExpression" && node.callee.type === "Identifier" && /^(serve|handle)$/.test(node.callee.name) && node.arguments.some((a) => a.type === "Identifier" && a.name === name)) points += 3;
  });
  return points;
}
