import { parse, type ParserPlugin } from "@babel/parser";
import type { File, Node } from "@babel/types";

/** A parsed source file: the text, its syntax tree, and where it lives relative to the project. */
export interface ParsedFile {
  path: string;
  text: string;
  ast: File;
}

/** Parser plugins by extension: JSX only where it can be (a `.ts` file may hold `<T>value` casts). */
export function parserPlugins(file: string): ParserPlugin[] {
  const syntax: ParserPlugin[] = /\.tsx$/.test(file) ? ["typescript", "jsx"] : /\.[mc]?ts$/.test(file) ? ["typescript"] : ["jsx"];
  return [...syntax, "decorators-legacy", "importAttributes"];
}

/** The last parse of each file: add reads some files while detecting and again while planning. */
const lastParse = new Map<string, ParsedFile>();

/**
 * Parses TypeScript or JavaScript for editing: comments attached (a moved declaration keeps its
 * doc comment); throws on a syntax error. The same text of the same file parses once: callers
 * never change a tree in place.
 */
export function parseSource(filePath: string, text: string): ParsedFile {
  const last = lastParse.get(filePath);
  if (last?.text === text) return last;
  const ast = parse(text, { sourceType: "module", plugins: parserPlugins(filePath), allowReturnOutsideFunction: true, allowImportExportEverywhere: true });
  const parsed = { path: filePath, text, ast };
  lastParse.set(filePath, parsed);
  return parsed;
}

/** `file:line:column: reason` for a parser's syntax error (Babel puts a 0-based column in `loc`). */
export function describeSyntaxError(file: string, error: unknown): string {
  const loc = (error as { loc?: { line: number; column: number } }).loc;
  const reason = (error as Error).message.replace(/\s*\(\d+:\d+\)$/, "");
  return loc ? `${file}:${loc.line}:${loc.column + 1}: ${reason}` : `${file}: ${reason}`;
}

/** Visits every node depth-first; return false from `enter` to skip a node's children. */
export function walk(node: Node, enter: (node: Node, parent: Node | undefined) => boolean | void, parent?: Node): void {
  if (enter(node, parent) === false) return;
  for (const key of Object.keys(node)) {
    if (key === "loc" || key === "leadingComments" || key === "trailingComments" || key === "innerComments" || key === "extra") continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) walk(child, enter, node);
    } else if (isNode(value)) walk(value, enter, node);
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/** 1-based line and column of an offset, for messages. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
