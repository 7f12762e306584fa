import { unwrapExpression } from "../code/unwrap.ts";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Expression, Node, ObjectExpression, Program } from "@babel/types";
import { describeSyntaxError, lineAndColumn, parseSource, walk, type ParsedFile } from "../code/parse.ts";
import { createResolver } from "../code/resolve.ts";
import { listSourceFiles } from "../code/project-files.ts";
import { allDependencies, type ProjectFacts } from "./detect-project.ts";

/** Where a thing was found: a project-relative path and a 1-based position. */
export interface Location {
  file: string;
  line: number;
  column: number;
}

export interface ClientFacts extends Location {
  /** How other modules import it: a named export, or "default". */
  exportName: string;
  appId?: string;
}

/** The array that lists the served functions, wherever it lives. */
export interface FunctionsListFacts extends Location {
  /** Offsets of the array literal in its file. */
  start: number;
  end: number;
  /** The identifiers already listed. */
  names: string[];
}

export interface ServeFacts extends Location {
  adapter: string;
  functionsList?: FunctionsListFacts;
  /** Why the functions list can't be edited, when it can't. */
  unusual?: string;
  /**
   * The project modules it imports its client and functions from, when none of them exists yet
   * (the lines `add` prints to paste, pasted before running it again): `add` creates them there.
   */
  awaits?: { client: string; functions: string };
}

export interface EventsModuleFacts {
  file: string;
  /** Export name → event name, for each `eventType(...)` export. */
  events: Record<string, string>;
}

export interface InngestSetup {
  client?: ClientFacts;
  serve?: ServeFacts;
  eventsModule?: EventsModuleFacts;
  /** Function id → where it is defined. */
  functionIds: Record<string, Location>;
  /**
   * The project's functions as a new serve handler's list would import them (a top-level const
   * that is not exported gets `export`); undefined when one of them can't be imported that way
   * (built in a factory, kept in an object) or there are several clients (apps).
   */
  importableFunctions?: { file: string; exportName: string; exportEdits: { at: number; insert: string }[] }[];
  /** Why the project looks like it is on the v3 SDK, if it does. */
  v3?: string;
  /** Files that mention inngest but do not parse; `where` is `file:line:column: reason`. */
  unparsable: { file: string; reason: string; where: string }[];
}

interface InngestImports {
  /** Local name → [module, imported name]; namespace imports map to "*". */
  bindings: Map<string, { from: string; imported: string }>;
}

function inngestImports(program: Program): InngestImports {
  const bindings = new Map<string, { from: string; imported: string }>();
  for (const statement of program.body) {
    if (statement.type !== "ImportDeclaration" || !/^inngest(\/|$)/.test(statement.source.value)) continue;
    for (const specifier of statement.specifiers) {
      const imported =
        specifier.type === "ImportSpecifier"
          ? specifier.imported.type === "Identifier"
            ? specifier.imported.name
            : specifier.imported.value
          : specifier.type === "ImportNamespaceSpecifier"
            ? "*"
            : "default";
      bindings.set(specifier.local.name, { from: statement.source.value, imported });
    }
  }
  return { bindings };
}

/** `X` or `ns.X` where X is imported from the inngest package under any local name. */
function refersTo(node: Node, imports: InngestImports, name: string, from?: RegExp): boolean {
  if (node.type === "Identifier") {
    const binding = imports.bindings.get(node.name);
    return binding?.imported === name && (!from || from.test(binding.from));
  }
  if (node.type === "MemberExpression" && node.object.type === "Identifier" && node.property.type === "Identifier") {
    const binding = imports.bindings.get(node.object.name);
    return binding?.imported === "*" && node.property.name === name && (!from || from.test(binding.from));
  }
  return false;
}

function property(object: ObjectExpression, key: string): Expression | undefined {
  for (const prop of object.properties) {
    if (prop.type !== "ObjectProperty") continue;
    const name = prop.key.type === "Identifier" ? prop.key.name : prop.key.type === "StringLiteral" ? prop.key.value : undefined;
    if (name === key) return prop.value as Expression;
  }
  return undefined;
}

/** The names a module exports for a top-level binding: `export const x`, `export { x as y }`, `export default x`. */
function exportNamesOf(program: Program, local: string): string[] {
  const names: string[] = [];
  for (const statement of program.body) {
    if (statement.type === "ExportNamedDeclaration") {
      if (statement.declaration?.type === "VariableDeclaration") {
        for (const declarator of statement.declaration.declarations) if (declarator.id.type === "Identifier" && declarator.id.name === local) names.push(local);
      }
      if (!statement.source) {
        for (const specifier of statement.specifiers) {
          if (specifier.type === "ExportSpecifier" && specifier.local.name === local) {
            names.push(specifier.exported.type === "Identifier" ? specifier.exported.name : specifier.exported.value);
          }
        }
      }
    }
    if (statement.type === "ExportDefaultDeclaration" && statement.declaration.type === "Identifier" && statement.declaration.name === local) names.push("default");
  }
  return names;
}

/** How another module imports the function a createFunction call makes: its export, or its top-level const, exported. */
function importableFunction(program: Program, call: Node, parent: Node | undefined): { exportName: string; exportEdits: { at: number; insert: string }[] } | undefined {
  if (parent?.type === "ExportDefaultDeclaration") return { exportName: "default", exportEdits: [] };
  if (parent?.type !== "VariableDeclarator" || parent.id.type !== "Identifier" || parent.init !== call) return undefined;
  const name = parent.id.name;
  for (const statement of program.body) {
    const exported = statement.type === "ExportNamedDeclaration" ? statement.declaration : undefined;
    const declaration = exported ?? statement;
    if (declaration?.type !== "VariableDeclaration" || !declaration.declarations.includes(parent)) continue;
    const exportName = exportNamesOf(program, name)[0];
    if (exportName) return { exportName, exportEdits: [] };
    // `const f = createFunction(…)` alone in its statement, never reassigned: `export` makes it importable.
    return declaration.kind === "const" && declaration.declarations.length === 1 && !exported ? { exportName: name, exportEdits: [{ at: declaration.start!, insert: "export " }] } : undefined;
  }
  return undefined;
}

/** The array literal a top-level `const name = [...]` holds (through `as const` / `satisfies`). */
function topLevelArray(program: Program, name: string): { start: number; end: number; names: string[] } | undefined {
  for (const statement of program.body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of declaration.declarations) {
      if (declarator.id.type !== "Identifier" || declarator.id.name !== name || !declarator.init) continue;
      const array = unwrap(declarator.init);
      if (array.type === "ArrayExpression") return arrayFacts(array);
    }
  }
  return undefined;
}

const unwrap = (node: Expression): Expression => unwrapExpression(node);

function arrayFacts(array: Node & { type: "ArrayExpression" }) {
  const names = array.elements.flatMap((element) => (element?.type === "Identifier" ? [element.name] : []));
  return { start: array.start!, end: array.end!, names };
}

const moduleRe = /^inngest(\/|$)/;
const mentionsSdk = /["'`]inngest["'`/]/;
const adapterRe = /^inngest\/./;

/**
 * Finds an existing Inngest setup by reading the code, not by file names: the `new Inngest()`
 * client, the `serve()` call and the array of functions it serves (followed across one import),
 * the module of `eventType()` definitions, the function ids, and signs of the v3 SDK.
 */
export function detectInngestSetup(project: ProjectFacts): InngestSetup {
  const setup: InngestSetup = { functionIds: {}, unparsable: [], importableFunctions: [] };
  let clients = 0;
  // Tests are left out: they define functions of their own, which are not the app's.
  const sourceFiles = listSourceFiles(project.root).files.map((f) => f.rel);
  // Imports resolve as TypeScript would: relative paths, tsconfig `paths`, package.json `imports`.
  let resolverInstance: ReturnType<typeof createResolver> | undefined;
  const resolver = () => (resolverInstance ??= createResolver(project.root, new Set(sourceFiles.map((f) => path.join(project.root, f)))));
  const files = new Map<string, ParsedFile>();
  const parse = (relative: string, text?: string): ParsedFile | undefined => {
    if (files.has(relative)) return files.get(relative);
    const source = text ?? readFileSync(path.join(project.root, relative), "utf8");
    try {
      const parsed = parseSource(relative, source);
      files.set(relative, parsed);
      return parsed;
    } catch (error) {
      setup.unparsable.push({ file: relative, reason: (error as Error).message, where: describeSyntaxError(relative, error) });
      return undefined;
    }
  };
  const at = (file: ParsedFile, offset: number): Location => ({ file: file.path, ...lineAndColumn(file.text, offset) });

  const range = allDependencies(project.packageJson).inngest;
  if (range && /^\D*3\./.test(range)) setup.v3 = `package.json asks for inngest ${range}`;
  const installed = path.join(project.root, "node_modules", "inngest", "package.json");
  if (!setup.v3 && existsSync(installed)) {
    const version = (JSON.parse(readFileSync(installed, "utf8")) as { version?: string }).version ?? "";
    if (version.startsWith("3.")) setup.v3 = `node_modules has inngest ${version}`;
  }

  for (const relative of sourceFiles) {
    // Only files that import the SDK can define a client, a function, an event or a serve handler.
    // A cheap text test before parsing: a file that neither names the package in a module
    // specifier nor calls createFunction holds nothing of the setup (a page mentioning Inngest).
    const text = readFileSync(path.join(project.root, relative), "utf8");
    if (!mentionsSdk.test(text) && !text.includes("createFunction")) continue;
    const file = parse(relative, text);
    if (!file) continue;
    const program = file.ast.program;
    const imports = inngestImports(program);
    if (imports.bindings.size === 0 && !file.text.includes(".createFunction(")) continue;

    if ([...imports.bindings.values()].some((binding) => binding.imported === "EventSchemas")) {
      setup.v3 ??= `${relative} imports EventSchemas (removed in v4)`;
    }
    walk(program, (node, parent) => {
      if (node.type === "NewExpression" && refersTo(node.callee, imports, "Inngest", moduleRe)) clients++;
      if (node.type === "NewExpression" && refersTo(node.callee, imports, "Inngest", moduleRe) && !setup.client) {
        const declarator = parent?.type === "VariableDeclarator" && parent.id.type === "Identifier" ? parent.id.name : undefined;
        const exportName = declarator ? exportNamesOf(program, declarator)[0] : parent?.type === "ExportDefaultDeclaration" ? "default" : undefined;
        const options = node.arguments[0]?.type === "ObjectExpression" ? property(node.arguments[0], "id") : undefined;
        if (exportName) setup.client = { ...at(file, node.start!), exportName, appId: options?.type === "StringLiteral" ? options.value : undefined };
      }
      if (node.type !== "CallExpression") return;
      if (node.callee.type === "MemberExpression" && node.callee.property.type === "Identifier" && node.callee.property.name === "createFunction") {
        if (node.arguments.length === 3) setup.v3 ??= `${relative} calls createFunction with three arguments (the v3 form)`;
        const options = node.arguments[0];
        const id = options?.type === "ObjectExpression" ? property(options, "id") : undefined;
        if (id?.type === "StringLiteral") setup.functionIds[id.value] = at(file, node.start!);
        const importable = importableFunction(program, node, parent);
        if (importable && setup.importableFunctions) setup.importableFunctions.push({ file: relative, ...importable });
        else delete setup.importableFunctions;
      }
      if (refersTo(node.callee, imports, "serve", adapterRe) && !setup.serve) {
        const binding = node.callee.type === "Identifier" ? imports.bindings.get(node.callee.name) : undefined;
        setup.serve = { ...at(file, node.start!), adapter: binding?.from ?? "inngest" };
        const options = node.arguments[0];
        const list = options?.type === "ObjectExpression" ? property(options, "functions") : undefined;
        const awaits = options?.type === "ObjectExpression" ? missingModules(file, options) : undefined;
        if (awaits) setup.serve.awaits = awaits;
        else Object.assign(setup.serve, list ? followFunctionsList(file, list, parse) : { unusual: "serve() is not given an object with a `functions` list" });
      }
    });
    const events = eventExports(program, imports);
    if (Object.keys(events).length > 0 && (!setup.eventsModule || path.basename(relative).startsWith("events"))) {
      if (!setup.eventsModule || !path.basename(setup.eventsModule.file).startsWith("events")) setup.eventsModule = { file: relative, events };
    }
  }
  if (clients > 1) delete setup.importableFunctions;
  return setup;

  /** Where `client: x, functions: y` come from, when both are imported from project modules that do not exist. */
  function missingModules(file: ParsedFile, options: ObjectExpression): ServeFacts["awaits"] {
    const source = (key: string) => {
      const value = property(options, key);
      // `{ client: inngest, functions }`: the shorthand is an identifier too.
      const local = value?.type === "Identifier" ? value.name : undefined;
      for (const statement of file.ast.program.body) {
        if (statement.type !== "ImportDeclaration" || !local || !statement.specifiers.some((s) => s.local.name === local)) continue;
        const spec = statement.source.value;
        if (!spec.startsWith(".") || resolver().resolve(path.join(project.root, file.path), spec).kind !== "missing") return undefined;
        // The module as a TypeScript file: `./inngest/client.js` is written as `client.ts`, `./inngest/functions` as its index.
        const base = path.posix.join(path.posix.dirname(file.path), spec).replace(/\.[cm]?[jt]s$/, "");
        return key === "functions" && !/functions$/.test(base) ? `${base}.ts` : key === "functions" ? `${base}/index.ts` : `${base}.ts`;
      }
      return undefined;
    };
    const client = source("client");
    const functions = source("functions");
    return client && functions ? { client, functions } : undefined;
  }

  function followFunctionsList(
    file: ParsedFile,
    list: Expression,
    parseFile: (relative: string) => ParsedFile | undefined,
  ): Pick<ServeFacts, "functionsList" | "unusual"> {
    const value = unwrap(list);
    if (value.type === "ArrayExpression") {
      const { start, end, names } = arrayFacts(value);
      return { functionsList: { ...at(file, start), start, end, names } };
    }
    if (value.type !== "Identifier") return { unusual: `the functions list is a ${value.type}, not an array or a variable holding one` };
    const local = topLevelArray(file.ast.program, value.name);
    if (local) return { functionsList: { ...at(file, local.start), start: local.start, end: local.end, names: local.names } };
    const imported = file.ast.program.body.flatMap((statement) =>
      statement.type === "ImportDeclaration"
        ? statement.specifiers.flatMap((s) =>
            s.type === "ImportSpecifier" && s.local.name === value.name
              ? [{ from: statement.source.value, name: s.imported.type === "Identifier" ? s.imported.name : s.imported.value }]
              : [],
          )
        : [],
    )[0];
    if (!imported) return { unusual: `\`${value.name}\` is not an array declared in ${file.path} or imported into it` };
    const target = resolver().resolve(path.join(project.root, file.path), imported.from);
    const targetFile = target.kind === "file" ? parseFile(path.relative(project.root, target.path).split(path.sep).join("/")) : undefined;
    const array = targetFile ? topLevelArray(targetFile.ast.program, imported.name) : undefined;
    if (!targetFile || !array) return { unusual: `\`${imported.name}\` from "${imported.from}" is not an exported array literal` };
    return { functionsList: { ...at(targetFile, array.start), start: array.start, end: array.end, names: array.names } };
  }
}

/** `export const x = eventType("name", ...)` definitions of a module. */
function eventExports(program: Program, imports: InngestImports): Record<string, string> {
  const events: Record<string, string> = {};
  for (const statement of program.body) {
    if (statement.type !== "ExportNamedDeclaration" || statement.declaration?.type !== "VariableDeclaration") continue;
    for (const declarator of statement.declaration.declarations) {
      const init = declarator.init;
      if (declarator.id.type !== "Identifier" || init?.type !== "CallExpression" || !refersTo(init.callee, imports, "eventType", moduleRe)) continue;
      const name = init.arguments[0];
      if (name?.type === "StringLiteral") events[declarator.id.name] = name.value;
    }
  }
  return events;
}
