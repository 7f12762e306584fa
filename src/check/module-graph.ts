import { unwrapExpression } from "../code/unwrap.ts";
import type * as t from "@babel/types";
import type { Resolver } from "../code/resolve.ts";
import type { Binding, FileAnalysis } from "./scope.ts";

/** A parsed file of the project. */
export interface Module {
  path: string;
  rel: string;
  analysis: FileAnalysis;
  /** The source text the analysis was made from: fixes are edits of it. */
  text: string;
}

/**
 * What an expression stands for once imports and re-exports are followed: a binding of some
 * module of the project, a whole module (namespace import), something from a package, a global,
 * or something we cannot see.
 */
export type Definition =
  | { kind: "binding"; module: Module; binding: Binding }
  | { kind: "expression"; module: Module; node: t.Node }
  | { kind: "namespace"; module: Module }
  | { kind: "external"; source: string; name: string }
  | { kind: "global"; name: string }
  | { kind: "unknown" };

const unknown: Definition = { kind: "unknown" };

/** Strips the wrappers that do not change a value: parentheses, `as`, `satisfies`, `!`. */
export function unwrap(node: t.Node): t.Node {
  return unwrapExpression(node);
}

/** The name of a non-computed (or string-literal computed) member property. */
export function propertyName(member: t.Node): string | undefined {
  if (member.type !== "MemberExpression" && member.type !== "OptionalMemberExpression") return undefined;
  if (!member.computed && member.property.type === "Identifier") return member.property.name;
  if (member.property.type === "StringLiteral") return member.property.value;
  return undefined;
}

export class ModuleGraph {
  /** The modules read so far: every file that may hold Inngest code, then those reached from them. */
  readonly modules = new Map<string, Module>();
  private readonly unloadable = new Set<string>();

  constructor(
    modules: Module[],
    private readonly resolver: Resolver,
    /** Reads a file of the project no Inngest code was seen in, when an import leads to it. */
    private readonly load: (path: string) => Module | undefined = () => undefined,
  ) {
    for (const m of modules) this.modules.set(m.path, m);
  }

  /** The module of a project file, read on first use. */
  module(path: string): Module | undefined {
    const known = this.modules.get(path);
    if (known || this.unloadable.has(path)) return known;
    const loaded = this.load(path);
    if (loaded) this.modules.set(path, loaded);
    else this.unloadable.add(path);
    return loaded;
  }

  /** The project file an import specifier of `from` leads to, if any. */
  resolveFile(from: Module, source: string): string | undefined {
    const r = this.resolver.resolve(from.path, source);
    return r.kind === "file" ? r.path : undefined;
  }

  /** Follows an import to the module (or package) and export it names. */
  resolveImport(from: Module, source: string, imported: string, seen = new Set<string>()): Definition {
    const r = this.resolver.resolve(from.path, source);
    if (r.kind === "package") return { kind: "external", source: r.name, name: imported };
    const target = r.kind === "file" ? this.module(r.path) : undefined;
    if (!target) return unknown;
    if (imported === "*") return { kind: "namespace", module: target };
    return this.resolveExport(target, imported, seen) ?? unknown;
  }

  /** The definition behind `name` exported by `module`; undefined when the module does not export it. */
  resolveExport(module: Module, name: string, seen = new Set<string>()): Definition | undefined {
    const key = `${module.path}\0${name}`;
    if (seen.has(key)) return undefined; // a re-export cycle
    seen.add(key);
    const entry = module.analysis.exports.get(name);
    if (entry?.binding) return this.resolveBinding(module, entry.binding, seen);
    if (entry?.expression) return { kind: "expression", module, node: entry.expression };
    if (entry?.from) return this.resolveImport(module, entry.from.source, entry.from.imported, seen);
    if (name === "default") return undefined;
    for (const star of module.analysis.starExports) {
      const r = this.resolver.resolve(module.path, star);
      const target = r.kind === "file" ? this.module(r.path) : undefined;
      const found = target && this.resolveExport(target, name, seen);
      if (found) return found;
    }
    // `export * from "inngest/next"` (a shared package re-exporting an adapter): Inngest's own
    // exports are known, so a name not found in the project comes from there.
    for (const star of module.analysis.starExports) {
      const r = this.resolver.resolve(module.path, star);
      if (r.kind === "package" && (r.name === "inngest" || r.name.startsWith("inngest/") || r.name.startsWith("@inngest/"))) return { kind: "external", source: r.name, name };
    }
    return undefined;
  }

  resolveBinding(module: Module, binding: Binding, seen = new Set<string>()): Definition {
    if (binding.kind !== "import" || !binding.import) return { kind: "binding", module, binding };
    return this.resolveImport(module, binding.import.source, binding.import.imported, seen);
  }

  /** What an identifier or `namespace.member` expression refers to. */
  define(module: Module, expression: t.Node): Definition {
    const node = unwrap(expression);
    if (node.type === "Identifier") {
      const binding = module.analysis.bindingOf.get(node);
      return binding ? this.resolveBinding(module, binding) : { kind: "global", name: node.name };
    }
    const name = propertyName(node);
    if (name !== undefined && (node.type === "MemberExpression" || node.type === "OptionalMemberExpression")) {
      const object = this.define(module, node.object);
      if (object.kind === "namespace") return this.resolveExport(object.module, name) ?? unknown;
      if (object.kind === "external" && object.name === "*") return { kind: "external", source: object.source, name };
    }
    return unknown;
  }

  /** The value node a definition stands for (a const's initialiser, a function declaration), and its module. */
  valueOf(definition: Definition): { module: Module; node: t.Node } | undefined {
    if (definition.kind === "expression") return { module: definition.module, node: definition.node };
    if (definition.kind !== "binding") return undefined;
    const { binding, module } = definition;
    if (binding.init && !binding.reassigned) return { module, node: binding.init };
    if (binding.declaration) return { module, node: binding.declaration };
    return undefined;
  }

  /** Every name a module exports, star re-exports included. */
  exportNames(module: Module, seen = new Set<Module>()): string[] {
    if (seen.has(module)) return [];
    seen.add(module);
    const names = [...module.analysis.exports.keys()];
    for (const star of module.analysis.starExports) {
      const r = this.resolver.resolve(module.path, star);
      const target = r.kind === "file" ? this.module(r.path) : undefined;
      if (target) names.push(...this.exportNames(target, seen).filter((n) => n !== "default"));
    }
    return [...new Set(names)];
  }

  /**
   * Whether loading `from` loads `target` too, through the imports, re-exports and `require()`s
   * that run when a module is evaluated (type-only imports and `import()` do not). Undefined when
   * it could not tell (more modules than `limit`).
   */
  loads(from: Module, target: Module, limit = 500): boolean | undefined {
    const seen = new Set<string>([from.path]);
    const queue = [from];
    while (queue.length > 0) {
      const module = queue.shift()!;
      for (const source of evaluatedImports(module)) {
        const file = this.resolveFile(module, source);
        if (!file || seen.has(file)) continue;
        if (file === target.path) return true;
        if (seen.size >= limit) return undefined;
        seen.add(file);
        const next = this.module(file);
        if (next) queue.push(next);
      }
    }
    return false;
  }
}

/** The specifiers a module imports when it is evaluated. */
function evaluatedImports(module: Module): string[] {
  const sources: string[] = [];
  for (const node of module.analysis.program.body) {
    if (node.type === "ImportDeclaration" && node.importKind !== "type" && !(node.specifiers.length > 0 && node.specifiers.every((s) => s.type === "ImportSpecifier" && s.importKind === "type"))) sources.push(node.source.value);
    else if ((node.type === "ExportNamedDeclaration" || node.type === "ExportAllDeclaration") && node.source && node.exportKind !== "type") sources.push(node.source.value);
  }
  for (const call of module.analysis.calls) {
    const [first] = call.arguments;
    if (call.callee.type === "Identifier" && call.callee.name === "require" && first?.type === "StringLiteral") sources.push(first.value);
  }
  return sources;
}

