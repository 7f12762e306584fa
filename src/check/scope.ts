import type * as t from "@babel/types";

/**
 * One pass over a file's syntax tree that records what the rules need: each node's parent, the
 * bindings of every scope (module, function, block) and, for every identifier that reads or writes
 * a variable, the binding it refers to. Our own small walker instead of @babel/traverse: the rules
 * need only this, and the bundle stays small.
 */

export type BindingKind = "import" | "const" | "let" | "var" | "param" | "function" | "class" | "catch";

export interface ImportInfo {
  source: string;
  /** The exported name, `default`, or `*` for a namespace import. */
  imported: string;
}

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier that declares it. */
  id: t.Identifier;
  scope: Scope;
  /** The value a `const`/`let`/`var` declarator was given, when the binding is the whole declarator id. */
  init?: t.Expression;
  /** The declaring node for functions and classes. */
  declaration?: t.Node;
  import?: ImportInfo;
  refs: t.Identifier[];
  /** Assigned again after its declaration (`x = …`, `x++`, `[x] = …`). */
  reassigned?: boolean;
}

export interface Scope {
  node: t.Node;
  parent: Scope | undefined;
  bindings: Map<string, Binding>;
}

/** Each node's parent. */
export interface ParentLookup {
  get(node: t.Node): t.Node | undefined;
}

// Kept on the nodes themselves under a symbol (for-in, which finds children, skips symbols): a
// Map of every node of every file costs more time and memory than the walk it serves.
const parentKey = Symbol("parent");
type WithParent = { [parentKey]?: t.Node };
const setParent = (node: t.Node, parent: t.Node) => {
  (node as WithParent)[parentKey] = parent;
};
export const parentOf: ParentLookup = { get: (node) => (node as WithParent)[parentKey] };

export interface FileAnalysis {
  program: t.Program;
  moduleScope: Scope;
  parentOf: ParentLookup;
  /** Every identifier that declares or references a binding → that binding (globals are absent). */
  bindingOf: Map<t.Identifier, Binding>;
  calls: t.CallExpression[];
  news: t.NewExpression[];
  /** Assignments and updates (`x = …`, `x++`), for the mutation rule. */
  writes: (t.AssignmentExpression | t.UpdateExpression)[];
  /** Names exported by the module: name → local binding, or the expression of `export default`. */
  exports: Map<string, { binding?: Binding; expression?: t.Node; from?: { source: string; imported: string } }>;
  /** `export * from "x"` sources. */
  starExports: string[];
}

/** Keys that never hold code worth walking: positions, comments and type annotations. */
const skippedKeys = new Set([
  "type", "start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments",
  "typeAnnotation", "returnType", "typeParameters", "superTypeParameters", "typeArguments", "implements", "predicate",
]);

/** TypeScript nodes that wrap a runtime expression; every other TS* node is types only. */
const runtimeTsNodes = new Set(["TSAsExpression", "TSSatisfiesExpression", "TSNonNullExpression", "TSTypeAssertion", "TSInstantiationExpression", "TSParameterProperty", "TSExportAssignment"]);

/** An identifier written by an assignment or update (directly or as an array destructuring target). */
const isWriteTarget = (parent: t.Node, key: string) =>
  (parent.type === "AssignmentExpression" && key === "left") ||
  parent.type === "UpdateExpression" ||
  parent.type === "ArrayPattern" ||
  parent.type === "RestElement";

/** Nodes without children worth visiting. */
const leafTypes = new Set(["StringLiteral", "NumericLiteral", "BooleanLiteral", "NullLiteral", "RegExpLiteral", "BigIntLiteral", "TemplateElement", "ThisExpression", "Super", "EmptyStatement", "DebuggerStatement"]);

const isNode = (value: unknown): value is t.Node => typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";

/** Calls `visit(child, key)` for each child node of `node`. */
export function forEachChild(node: t.Node, visit: (child: t.Node, key: string) => void): void {
  for (const key in node) {
    if (skippedKeys.has(key)) continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, key);
    } else if (isNode(value)) visit(value, key);
  }
}

export const isFunction = (node: t.Node): node is t.Function =>
  node.type === "FunctionDeclaration" ||
  node.type === "FunctionExpression" ||
  node.type === "ArrowFunctionExpression" ||
  node.type === "ObjectMethod" ||
  node.type === "ClassMethod" ||
  node.type === "ClassPrivateMethod";

/** The identifiers a declaration pattern binds (`{ a, b: [c], ...d }` → a, c, d). */
export function patternIdentifiers(pattern: t.Node, out: t.Identifier[] = []): t.Identifier[] {
  switch (pattern.type) {
    case "Identifier":
      out.push(pattern);
      break;
    case "ObjectPattern":
      for (const p of pattern.properties) patternIdentifiers(p.type === "RestElement" ? p : p.value, out);
      break;
    case "ArrayPattern":
      for (const e of pattern.elements) if (e) patternIdentifiers(e, out);
      break;
    case "AssignmentPattern":
      patternIdentifiers(pattern.left, out);
      break;
    case "RestElement":
      patternIdentifiers(pattern.argument, out);
      break;
    case "TSParameterProperty":
      patternIdentifiers(pattern.parameter, out);
      break;
  }
  return out;
}

export function analyzeProgram(program: t.Program): FileAnalysis {
  const bindingOf = new Map<t.Identifier, Binding>();
  const declaringIds = new Set<t.Identifier>();
  const calls: t.CallExpression[] = [];
  const news: t.NewExpression[] = [];
  const writes: FileAnalysis["writes"] = [];

  const declare = (scope: Scope, id: t.Identifier, kind: BindingKind, extra: Partial<Binding> = {}) => {
    declaringIds.add(id);
    const existing = scope.bindings.get(id.name);
    // `var x; var x;` or a function redeclared: keep the first, the analysis needs only one.
    if (existing) return existing;
    const binding: Binding = { name: id.name, kind, id, scope, refs: [], ...extra };
    scope.bindings.set(id.name, binding);
    // Declaring identifiers map to their binding too (they are not in `refs`).
    bindingOf.set(id, binding);
    return binding;
  };

  const declareVariable = (scope: Scope, declaration: t.VariableDeclaration) => {
    const kind = declaration.kind === "var" ? "var" : declaration.kind === "let" ? "let" : "const";
    for (const d of declaration.declarations) {
      if (declareRequire(scope, d)) continue;
      const init = d.id.type === "Identifier" && d.init ? d.init : undefined;
      for (const id of patternIdentifiers(d.id)) declare(scope, id, kind, init ? { init } : {});
    }
  };

  /**
   * CommonJS imports, read as their ESM equivalents: `const x = require("m")` (namespace),
   * `const { a, b: c } = require("m")` (named), `const a = require("m").a`.
   */
  const declareRequire = (scope: Scope, d: t.VariableDeclarator): boolean => {
    const required = requiredModule(d.init);
    if (!required) return false;
    if (d.id.type === "Identifier") {
      declare(scope, d.id, "import", { import: { source: required.source, imported: required.member ?? "*" } });
      return true;
    }
    if (d.id.type !== "ObjectPattern" || required.member) return false;
    for (const p of d.id.properties) {
      const key = p.type === "ObjectProperty" && !p.computed && p.key.type === "Identifier" ? p.key.name : undefined;
      if (key && p.type === "ObjectProperty" && p.value.type === "Identifier") declare(scope, p.value, "import", { import: { source: required.source, imported: key } });
      else for (const id of patternIdentifiers(p.type === "RestElement" ? p : p.value)) declare(scope, id, "const");
    }
    return true;
  };

  /** Declarations that belong to a block: let, const, class, function (block-scoped in modules). */
  const declareLexical = (scope: Scope, statements: readonly t.Node[]) => {
    for (let s of statements) {
      if ((s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration") && s.declaration) s = s.declaration;
      if (s.type === "VariableDeclaration" && s.kind !== "var") declareVariable(scope, s);
      else if ((s.type === "FunctionDeclaration" || s.type === "ClassDeclaration") && s.id) declare(scope, s.id, s.type === "FunctionDeclaration" ? "function" : "class", { declaration: s });
      else if (s.type === "ImportDeclaration" && s.importKind !== "type") {
        for (const spec of s.specifiers) {
          if (spec.type === "ImportSpecifier" && spec.importKind === "type") continue;
          const imported =
            spec.type === "ImportNamespaceSpecifier" ? "*" : spec.type === "ImportDefaultSpecifier" ? "default" : spec.imported.type === "Identifier" ? spec.imported.name : spec.imported.value;
          declare(scope, spec.local, "import", { import: { source: s.source.value, imported } });
        }
      }
    }
  };

  /** `var` declarations anywhere in a function body, outside nested functions. */
  const hoistVars = (scope: Scope, node: t.Node) => {
    if (node.type === "VariableDeclaration") {
      if (node.kind === "var") declareVariable(scope, node);
    }
    if (isFunction(node) || node.type.startsWith("TS") || node.type.endsWith("Expression")) return;
    forEachChild(node, (child) => hoistVars(scope, child));
  };

  const newScope = (node: t.Node, parent: Scope | undefined): Scope => ({ node, parent, bindings: new Map() });

  const isReference = (id: t.Identifier, parent: t.Node, key: string): boolean => {
    if (declaringIds.has(id)) return false;
    switch (parent.type) {
      case "MemberExpression":
      case "OptionalMemberExpression":
        return key !== "property" || parent.computed;
      case "ObjectProperty":
        return key !== "key" || parent.computed;
      case "ObjectMethod":
      case "ClassMethod":
      case "ClassPrivateMethod":
      case "ClassProperty":
      case "ClassAccessorProperty":
        return key !== "key" || parent.computed === true;
      case "LabeledStatement":
      case "BreakStatement":
      case "ContinueStatement":
      case "MetaProperty":
      case "PrivateName":
      case "ImportSpecifier":
      case "ImportDefaultSpecifier":
      case "ImportNamespaceSpecifier":
      case "ExportNamespaceSpecifier":
      case "ExportDefaultSpecifier":
        return false;
      case "ExportSpecifier":
        return key === "local";
      default:
        return true;
    }
  };

  const resolve = (scope: Scope | undefined, name: string): Binding | undefined => {
    for (let s = scope; s; s = s.parent) {
      const b = s.bindings.get(name);
      if (b) return b;
    }
    return undefined;
  };

  const visit = (node: t.Node, parent: t.Node | undefined, key: string, scope: Scope): void => {
    if (parent) setParent(node, parent);
    if (leafTypes.has(node.type) || (node.type.startsWith("TS") && !runtimeTsNodes.has(node.type))) return;
    if (node.type === "ImportDeclaration") return; // declared up front; nothing to resolve inside
    if (node.type === "ExportNamedDeclaration" && node.source) return; // re-exports name no local binding
    if (node.type === "ExportAllDeclaration") return;
    // Walking into a type-only export specifier would resolve nothing useful.

    let inner = scope;
    if (isFunction(node)) {
      inner = newScope(node, scope);
      if (node.type === "FunctionExpression" && node.id) declare(inner, node.id, "function", { declaration: node });
      if (node.type === "FunctionDeclaration" && node.id) declaringIds.add(node.id);
      for (const param of node.params) for (const id of patternIdentifiers(param)) declare(inner, id, "param");
      if (node.body.type === "BlockStatement") {
        hoistVars(inner, node.body);
        declareLexical(inner, node.body.body);
        // The body block shares the function's scope.
        setParent(node.body, node);
        for (const param of node.params) visit(param, node, "params", inner);
        for (const s of node.body.body) visit(s, node.body, "body", inner);
        return;
      }
    } else if (node.type === "BlockStatement" || node.type === "StaticBlock") {
      inner = newScope(node, scope);
      declareLexical(inner, node.body);
    } else if (node.type === "SwitchStatement") {
      inner = newScope(node, scope);
      declareLexical(inner, node.cases.flatMap((c) => c.consequent));
    } else if (node.type === "ForStatement" || node.type === "ForInStatement" || node.type === "ForOfStatement") {
      const head = node.type === "ForStatement" ? node.init : node.left;
      if (head?.type === "VariableDeclaration" && head.kind !== "var") {
        inner = newScope(node, scope);
        declareVariable(inner, head);
      }
    } else if (node.type === "CatchClause") {
      inner = newScope(node, scope);
      if (node.param) for (const id of patternIdentifiers(node.param)) declare(inner, id, "catch");
    } else if (node.type === "ClassExpression" && node.id) {
      inner = newScope(node, scope);
      declare(inner, node.id, "class", { declaration: node });
    } else if (node.type === "ClassDeclaration" && node.id) {
      declaringIds.add(node.id);
    } else if (node.type === "Identifier") {
      if (parent && isReference(node, parent, key)) {
        const binding = resolve(scope, node.name);
        if (binding) {
          bindingOf.set(node, binding);
          binding.refs.push(node);
          if (isWriteTarget(parent, key)) binding.reassigned = true;
        }
      }
      return;
    } else if (node.type === "CallExpression" || node.type === "OptionalCallExpression") {
      calls.push(node as t.CallExpression);
    } else if (node.type === "NewExpression") {
      news.push(node);
    } else if (node.type === "AssignmentExpression" || node.type === "UpdateExpression") {
      writes.push(node);
    }
    const record = node as unknown as Record<string, unknown>;
    for (const childKey in node) if (!skippedKeys.has(childKey)) visitValue(record[childKey], node, childKey, inner);
  };
  const visitValue = (value: unknown, parent: t.Node, key: string, scope: Scope) => {
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, parent, key, scope);
    } else if (isNode(value)) visit(value, parent, key, scope);
  };

  const moduleScope = newScope(program, undefined);
  hoistVars(moduleScope, program);
  declareLexical(moduleScope, program.body);
  for (const s of program.body) visit(s, program, "body", moduleScope);

  const { exports, starExports } = collectExports(program, moduleScope);
  return { program, moduleScope, parentOf, bindingOf, calls, news, writes, exports, starExports };
}

/** `require("m")` or `require("m").member`: the module (and member) it loads. */
function requiredModule(init: t.Node | null | undefined): { source: string; member?: string } | undefined {
  if (!init) return undefined;
  if (init.type === "MemberExpression" && !init.computed && init.property.type === "Identifier") {
    const inner = requiredModule(init.object);
    return inner && !inner.member ? { source: inner.source, member: init.property.name } : undefined;
  }
  if (init.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require") return undefined;
  const [arg] = init.arguments;
  return arg?.type === "StringLiteral" && init.arguments.length === 1 ? { source: arg.value } : undefined;
}

/** `module.exports` and `exports.x`/`module.exports.x` targets: the exported name ("default" for the whole object). */
function commonJsExportName(left: t.Node): string | undefined {
  if (left.type !== "MemberExpression" || left.computed || left.property.type !== "Identifier") return undefined;
  const o = left.object;
  if (o.type === "Identifier" && o.name === "module" && left.property.name === "exports") return "default";
  if (o.type === "Identifier" && o.name === "exports") return left.property.name;
  if (commonJsExportName(o) === "default") return left.property.name;
  return undefined;
}

function collectExports(program: t.Program, scope: Scope): Pick<FileAnalysis, "exports" | "starExports"> {
  const exports: FileAnalysis["exports"] = new Map();
  const starExports: string[] = [];
  const nameOf = (n: t.Identifier | t.StringLiteral) => (n.type === "Identifier" ? n.name : n.value);
  const exportValue = (value: t.Node) => (value.type === "Identifier" && scope.bindings.has(value.name) ? { binding: scope.bindings.get(value.name) } : { expression: value });
  for (const s of program.body) {
    if (s.type === "ExpressionStatement" && s.expression.type === "AssignmentExpression" && s.expression.operator === "=") {
      const { left, right } = s.expression;
      const name = commonJsExportName(left);
      if (name) exports.set(name, exportValue(right));
      // module.exports = { a, b }: each property is a named export too.
      if (name === "default" && right.type === "ObjectExpression") {
        for (const p of right.properties) {
          if (p.type === "ObjectProperty" && !p.computed && p.key.type === "Identifier") exports.set(p.key.name, exportValue(p.value));
        }
      }
    } else if (s.type === "ExportAllDeclaration") {
      if (s.exportKind !== "type") starExports.push(s.source.value);
    } else if (s.type === "ExportNamedDeclaration") {
      if (s.exportKind === "type") continue;
      const d = s.declaration;
      if (d?.type === "VariableDeclaration") {
        for (const decl of d.declarations) for (const id of patternIdentifiers(decl.id)) exports.set(id.name, { binding: scope.bindings.get(id.name) });
      } else if ((d?.type === "FunctionDeclaration" || d?.type === "ClassDeclaration") && d.id) {
        exports.set(d.id.name, { binding: scope.bindings.get(d.id.name) });
      }
      for (const spec of s.specifiers) {
        if (spec.type === "ExportSpecifier") {
          if (spec.exportKind === "type") continue;
          const exported = nameOf(spec.exported);
          if (s.source) exports.set(exported, { from: { source: s.source.value, imported: spec.local.name } });
          else exports.set(exported, { binding: scope.bindings.get(spec.local.name) });
        } else if (spec.type === "ExportNamespaceSpecifier" && s.source) {
          exports.set(spec.exported.name, { from: { source: s.source.value, imported: "*" } });
        } else if (spec.type === "ExportDefaultSpecifier" && s.source) {
          exports.set(spec.exported.name, { from: { source: s.source.value, imported: "default" } });
        }
      }
    } else if (s.type === "ExportDefaultDeclaration") {
      const d = s.declaration;
      if (d.type === "Identifier") exports.set("default", { binding: scope.bindings.get(d.name) });
      else if ((d.type === "FunctionDeclaration" || d.type === "ClassDeclaration") && d.id) exports.set("default", { binding: scope.bindings.get(d.id.name) });
      else exports.set("default", { expression: d });
    }
  }
  return { exports, starExports };
}
