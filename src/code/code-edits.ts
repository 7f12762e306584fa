import type { ArrayExpression, ImportDeclaration, Node, ObjectExpression, ObjectPattern, Program, Statement, VariableDeclaration } from "@babel/types";
import { detectStyle, type CodeStyle } from "./code-style.ts";
import { walk, type ParsedFile } from "./parse.ts";
import type { TextEdit } from "./text-edits.ts";

/** The quote and semicolon habits of a file, so inserted lines look like their neighbours. */
export function codeStyle(file: ParsedFile): CodeStyle {
  return detectStyle(file);
}

export function imports(file: ParsedFile): ImportDeclaration[] {
  return file.ast.program.body.filter((s): s is ImportDeclaration => s.type === "ImportDeclaration");
}

export interface ImportWanted {
  from: string;
  /** The exported name, or "default". */
  name: string;
  /** The local name, when it differs from `name`. */
  local?: string;
}

/**
 * A CommonJS module: top-level `require`s and no import or export statement. An `import` line
 * would break it (Node then reads the file as ESM, where `require` does not exist).
 */
export function isCommonJs(program: Program): boolean {
  const esm = program.body.some((s) => s.type === "ImportDeclaration" || s.type === "ExportNamedDeclaration" || s.type === "ExportDefaultDeclaration" || s.type === "ExportAllDeclaration");
  return !esm && program.body.some((s) => requireOf(s) !== undefined);
}

/** `const x = require("m")` or `const { a, b: c } = require("m")` at the top level: the module and its declaration. */
function requireOf(statement: Statement): { from: string; declaration: VariableDeclaration } | undefined {
  if (statement.type !== "VariableDeclaration" || statement.declarations.length !== 1) return undefined;
  const init = statement.declarations[0]!.init;
  if (init?.type !== "CallExpression" || init.callee.type !== "Identifier" || init.callee.name !== "require" || init.arguments.length !== 1) return undefined;
  const source = init.arguments[0]!;
  return source.type === "StringLiteral" ? { from: source.value, declaration: statement } : undefined;
}

/** The names `const { a, b: c } = require(from)` binds: imported name → local. */
function requiredNames(declaration: VariableDeclaration): Map<string, string> | undefined {
  const pattern = declaration.declarations[0]!.id;
  if (pattern.type !== "ObjectPattern") return undefined;
  const names = new Map<string, string>();
  for (const p of pattern.properties) {
    if (p.type !== "ObjectProperty" || p.computed || p.value.type !== "Identifier") return undefined;
    const key = p.key.type === "Identifier" ? p.key.name : p.key.type === "StringLiteral" ? p.key.value : undefined;
    if (key === undefined) return undefined;
    names.set(key, p.value.name);
  }
  return names;
}

/** The local name a module already binds for `name` from `from`, if any. */
export function importedAs(file: ParsedFile, from: string, name: string): string | undefined {
  if (isCommonJs(file.ast.program)) {
    for (const statement of file.ast.program.body) {
      const required = requireOf(statement);
      if (required?.from !== from) continue;
      const id = required.declaration.declarations[0]!.id;
      // `module.exports = fn` is what a default import of a CommonJS module gets.
      if (name === "default" && id.type === "Identifier") return id.name;
      const local = requiredNames(required.declaration)?.get(name);
      if (local) return local;
    }
    return undefined;
  }
  for (const declaration of imports(file)) {
    if (declaration.source.value !== from || declaration.importKind === "type") continue;
    for (const specifier of declaration.specifiers) {
      if (name === "default" && specifier.type === "ImportDefaultSpecifier") return specifier.local.name;
      if (specifier.type === "ImportSpecifier" && specifier.importKind !== "type") {
        const imported = specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value;
        if (imported === name) return specifier.local.name;
      }
    }
  }
  return undefined;
}

/** Names bound at the top level of a module: imports and declarations. */
export function topLevelNames(file: ParsedFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.ast.program.body) {
    if (statement.type === "ImportDeclaration") for (const s of statement.specifiers) names.add(s.local.name);
    const declaration = statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "VariableDeclaration") {
      for (const d of declaration.declarations) for (const name of patternNames(d.id)) names.add(name);
    } else if ((declaration?.type === "FunctionDeclaration" || declaration?.type === "ClassDeclaration") && declaration.id) names.add(declaration.id.name);
  }
  return names;
}

/** The names a declaration's left side binds: `a`, `{ a, b: c, ...d }`, `[e, f = 1]`. */
function patternNames(pattern: Node | null | undefined): string[] {
  if (!pattern) return [];
  switch (pattern.type) {
    case "Identifier":
      return [pattern.name];
    case "ObjectPattern":
      return pattern.properties.flatMap((p) => patternNames(p.type === "RestElement" ? p.argument : p.value));
    case "ArrayPattern":
      return pattern.elements.flatMap((e) => patternNames(e));
    case "AssignmentPattern":
      return patternNames(pattern.left);
    case "RestElement":
      return patternNames(pattern.argument);
    default:
      return [];
  }
}

/**
 * Adds an import, joining an existing import of the same module; nothing when already imported.
 * When the name is taken by something else (Hono's starter imports `serve` from
 * @hono/node-server), it is imported as `fallbackLocal`. Returns the local name to use.
 */
export function addImport(file: ParsedFile, wanted: ImportWanted, fallbackLocal?: string): { edits: TextEdit[]; local: string } {
  const batch = new ImportBatch(file);
  const local = batch.add(wanted, fallbackLocal);
  return { edits: batch.edits(), local };
}

/**
 * Imports added to one file together: names from one module go into one declaration (joining
 * the file's own import of it when there is one), and the new lines go in one place, after the
 * last import, in the file's quotes and semicolons.
 */
export class ImportBatch {
  private readonly taken: Set<string>;
  /** Module → default local and named specifiers (`name` or `name as local`), in the order asked. */
  private readonly pending = new Map<string, { defaultLocal?: string; named: { name: string; local: string }[] }>();

  /** Imports whose one specifier goes away: replaced by names joining them, or removed. */
  private readonly dropped = new Set<ImportDeclaration>();

  constructor(private readonly file: ParsedFile) {
    this.taken = topLevelNames(file);
  }

  /**
   * Drops an import of one specifier (`import { Old } from "m"`): names added from the same module
   * take its place (`import { New } from "m"`); with none, its line goes.
   */
  dropSole(declaration: ImportDeclaration): void {
    if (declaration.specifiers.length !== 1) throw new Error("dropSole: the import has more than one specifier");
    this.dropped.add(declaration);
  }

  add(wanted: ImportWanted, fallbackLocal?: string): string {
    const already = importedAs(this.file, wanted.from, wanted.name);
    if (already) return already;
    const entry = this.pending.get(wanted.from) ?? { named: [] };
    const queued = wanted.name === "default" ? entry.defaultLocal : entry.named.find((n) => n.name === wanted.name)?.local;
    if (queued) return queued;
    let local = wanted.local ?? wanted.name;
    if (local === "default" || this.taken.has(local)) {
      if (!fallbackLocal || this.taken.has(fallbackLocal)) throw new Error(`${this.file.path} already binds ${local}`);
      local = fallbackLocal;
    }
    this.taken.add(local);
    if (wanted.name === "default") entry.defaultLocal = local;
    else entry.named.push({ name: wanted.name, local });
    this.pending.set(wanted.from, entry);
    return local;
  }

  edits(): TextEdit[] {
    if (isCommonJs(this.file.ast.program)) return this.requireEdits();
    const file = this.file;
    const style = codeStyle(file);
    const edits: TextEdit[] = [];
    const lines: string[] = [];
    const specifier = (n: { name: string; local: string }) => (n.local !== n.name ? `${n.name} as ${n.local}` : n.name);
    for (const [from, { defaultLocal, named }] of this.pending) {
      const sameModule = imports(file).find((d) => d.source.value === from && d.importKind !== "type" && d.specifiers.some((s) => s.type === "ImportSpecifier"));
      let rest = named;
      if (sameModule && named.length > 0) {
        const only = sameModule.specifiers[0]!;
        if (this.dropped.delete(sameModule)) edits.push({ at: only.start!, remove: only.end! - only.start!, insert: named.map(specifier).join(", ") });
        else edits.push({ at: sameModule.specifiers.at(-1)!.end!, insert: named.map((n) => `, ${specifier(n)}`).join("") });
        rest = [];
      }
      if (!defaultLocal && rest.length === 0) continue;
      const clause = [defaultLocal, rest.length > 0 ? `{ ${rest.map(specifier).join(", ")} }` : undefined].filter(Boolean).join(", ");
      lines.push(`import ${clause} from ${style.quote}${from}${style.quote}${style.semicolon ? ";" : ""}`);
    }
    for (const declaration of this.dropped) {
      const start = lineStartOf(file.text, declaration.start!);
      edits.push({ at: start, remove: endOfLine(file.text, declaration.end!) + 1 - start, insert: "" });
    }
    if (lines.length === 0) return edits;
    const block = lines.join("\n");
    const lastImport = imports(file).filter((d) => !this.dropped.has(d)).at(-1);
    const directives = file.ast.program.directives;
    if (lastImport) edits.push({ at: endOfLine(file.text, lastImport.end!), insert: `\n${block}` });
    else if (directives.length > 0) edits.push({ at: endOfLine(file.text, directives.at(-1)!.end!), insert: `\n\n${block}` });
    else edits.push({ at: 0, insert: `${block}\n\n` });
    return edits;
  }

  /** The same, in a CommonJS module: `const { a, b } = require("m")`, after its last top-level require. */
  private requireEdits(): TextEdit[] {
    const file = this.file;
    const style = codeStyle(file);
    const requires = file.ast.program.body.flatMap((s) => requireOf(s) ?? []);
    const edits: TextEdit[] = [];
    const lines: string[] = [];
    const kind = requires.at(-1)?.declaration.kind ?? "const";
    const end = style.semicolon ? ";" : "";
    const property = (n: { name: string; local: string }) => (n.local !== n.name ? `${n.name}: ${n.local}` : n.name);
    for (const [from, { defaultLocal, named }] of this.pending) {
      const same = requires.find((r) => r.from === from && requiredNames(r.declaration) !== undefined && (r.declaration.declarations[0]!.id as { properties: unknown[] }).properties.length > 0);
      let rest = named;
      if (same && named.length > 0) {
        const pattern = same.declaration.declarations[0]!.id as { properties: Node[] };
        edits.push({ at: pattern.properties.at(-1)!.end!, insert: named.map((n) => `, ${property(n)}`).join("") });
        rest = [];
      }
      const source = `require(${style.quote}${from}${style.quote})`;
      if (defaultLocal) lines.push(`${kind} ${defaultLocal} = ${source}${end}`);
      if (rest.length > 0) lines.push(`${kind} { ${rest.map(property).join(", ")} } = ${source}${end}`);
    }
    if (lines.length === 0) return edits;
    const block = lines.join("\n");
    const last = requires.at(-1)!.declaration;
    edits.push({ at: endOfLine(file.text, last.end!), insert: `\n${block}` });
    return edits;
  }
}

/** Where the line holding `offset` ends (before its newline), so a trailing comment stays on its line. */
export function endOfLine(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  return newline < 0 ? text.length : newline;
}

export function findNode<T extends Node["type"]>(file: ParsedFile, type: T, start: number): Extract<Node, { type: T }> | undefined {
  let found: Node | undefined;
  walk(file.ast.program, (node) => {
    if (found) return false;
    if (node.type === type && node.start === start) found = node;
    return node.start! <= start && start < node.end!;
  });
  return found as Extract<Node, { type: T }> | undefined;
}

/** Appends expressions (as code) to an array literal, one per line when the array is multi-line. */
export function appendToArray(file: ParsedFile, array: ArrayExpression, items: readonly string[]): TextEdit[] {
  if (items.length === 0) return [];
  const elements = array.elements.filter((e): e is NonNullable<typeof e> => e !== null);
  const text = file.text;
  if (elements.length === 0) return [{ at: array.start! + 1, remove: array.end! - array.start! - 2, insert: items.join(", ") }];
  const last = elements.at(-1)!;
  const multiLine = text.slice(array.start!, elements[0]!.start!).includes("\n");
  const afterLast = /^\s*,/.exec(text.slice(last.end!));
  if (!multiLine) {
    return afterLast
      ? [{ at: last.end! + afterLast[0].length, insert: ` ${items.join(", ")},` }]
      : [{ at: last.end!, insert: `, ${items.join(", ")}` }];
  }
  const indent = lineIndent(text, last.start!);
  const commaEnd = afterLast ? last.end! + afterLast[0].length : last.end!;
  const lines = items.map((item) => `\n${indent}${item}${afterLast ? "," : ""}`).join("");
  const edits: TextEdit[] = [];
  // Without a trailing comma, the old last element needs one now, and the new last has none.
  const withCommas = afterLast ? lines : items.map((item, i) => `${i === 0 ? "" : ","}\n${indent}${item}`).join("");
  if (!afterLast) edits.push({ at: last.end!, insert: "," });
  edits.push({ at: endOfLine(text, commaEnd), insert: afterLast ? lines : withCommas });
  return edits;
}

/** Inserts statements after `statement`, at its indentation, after any comment ending its line. */
export function insertAfterStatement(file: ParsedFile, statement: Statement, code: string): TextEdit[] {
  const indent = lineIndent(file.text, statement.start!);
  const indented = code
    .split("\n")
    .map((line) => (line ? indent + line : line))
    .join("\n");
  return [{ at: endOfLine(file.text, statement.end!), insert: `\n\n${indented}` }];
}

/** Appends code at the end of a file, separated by a blank line. */
export function appendToFile(file: ParsedFile, code: string): TextEdit[] {
  const trimmedEnd = file.text.trimEnd().length;
  return [{ at: trimmedEnd, remove: file.text.length - trimmedEnd, insert: `\n\n${code.trimEnd()}\n` }];
}

// --- Members of an object literal or pattern: found by key, removed with their comma, appended in the object's layout.

export type ObjectLike = ObjectExpression | ObjectPattern;
type Member = ObjectLike["properties"][number];

/** The name of an object member's key, for `name`, `"name"` and `name` shorthand alike. */
export function keyName(member: Node): string | undefined {
  if (member.type !== "ObjectProperty" && member.type !== "ObjectMethod") return undefined;
  if (member.computed) return undefined;
  if (member.key.type === "Identifier") return member.key.name;
  if (member.key.type === "StringLiteral") return member.key.value;
  return undefined;
}

export function findMember(object: ObjectLike, name: string): Member | undefined {
  return object.properties.find((p) => keyName(p) === name);
}

/** The offset where the line `offset` is on starts. */
export const lineStartOf = (text: string, offset: number) => text.lastIndexOf("\n", offset - 1) + 1;
/** The indentation of the line `offset` is on. */
export const lineIndent = (text: string, offset: number) => /^[ \t]*/.exec(text.slice(lineStartOf(text, offset)))![0];

/**
 * Removes one member with its comma; a member alone on its lines takes its lines with it, so
 * no blank line is left behind.
 */
export function removeMember(text: string, object: ObjectLike, member: Member): TextEdit {
  const index = (object.properties as Member[]).indexOf(member);
  let start = member.start!;
  let end = member.end!;
  // The comma and the spaces after it, so `{ a: 1, b: 2 }` without `a` reads `{ b: 2 }`.
  const comma = /^\s*,[ \t]*/.exec(text.slice(end));
  if (comma) end += comma[0].length;
  else if (index > 0) start = object.properties[index - 1]!.end!;
  const lineStart = lineStartOf(text, start);
  const lineEnd = endOfLine(text, end);
  if (/^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*$/.test(text.slice(end, lineEnd)) && lineEnd < text.length) {
    start = lineStart;
    end = lineEnd + 1;
  }
  return { at: start, remove: end - start, insert: "" };
}

/** Appends `code` (a `key: value` member) to an object, one per line when the object is multi-line. */
export function appendMember(text: string, object: ObjectLike, code: string): TextEdit {
  const members = object.properties;
  if (members.length === 0) return { at: object.start! + 1, remove: object.end! - object.start! - 2, insert: ` ${code} ` };
  const last = members.at(-1)!;
  const multiLine = text.slice(object.start!, members[0]!.start!).includes("\n");
  const comma = /^\s*,/.exec(text.slice(last.end!));
  if (!multiLine) return comma ? { at: last.end! + comma[0].length, insert: ` ${code},` } : { at: last.end!, insert: `, ${code}` };
  const indent = lineIndent(text, last.start!);
  if (comma) return { at: endOfLine(text, last.end! + comma[0].length), insert: `\n${indent}${code},` };
  return { at: last.end!, insert: `,\n${indent}${code}` };
}
