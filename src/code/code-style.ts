import { existsSync } from "node:fs";
import path from "node:path";
import type { Node } from "@babel/types";
import { parseJsonc, readTextIfExists } from "./jsonc.ts";
import { parseSource, walk, type ParsedFile } from "./parse.ts";
import { applyEdits, type TextEdit } from "./text-edits.ts";

/** How a file or a project writes code: the three habits a formatter or a linter holds it to. */
export interface CodeStyle {
  quote: '"' | "'";
  semicolon: boolean;
  /** One level of indentation: a tab, or some spaces. */
  indent: string;
}

/** The style the templates are written in (Prettier's defaults). */
export const templateStyle: CodeStyle = { quote: '"', semicolon: true, indent: "  " };

/** Statements (and members) a semicolon ends, which `semi: false` leaves without one. */
const terminated = new Set([
  "ExpressionStatement",
  "VariableDeclaration",
  "ImportDeclaration",
  "ExportNamedDeclaration",
  "ExportDefaultDeclaration",
  "ExportAllDeclaration",
  "ReturnStatement",
  "ThrowStatement",
  "BreakStatement",
  "ContinueStatement",
  "TSTypeAliasDeclaration",
  "TSPropertySignature",
  "TSMethodSignature",
  "ClassProperty",
  "DoWhileStatement",
]);

/** Whether a semicolon (or its absence) ends this node: not `export function`, not the `let` of a `for`. */
function needsTerminator(node: Node, parent: Node | undefined): boolean {
  if (!terminated.has(node.type)) return false;
  if (node.type === "ExportNamedDeclaration") return !node.declaration;
  if (node.type === "ExportDefaultDeclaration") return !/Declaration$/.test(node.declaration.type);
  if (node.type === "VariableDeclaration") return !parent || !/^For/.test(parent.type);
  return true;
}

/** Code that starts with one of these continues the previous statement when no semicolon ends it. */
const continuesPrevious = /^[([`+\-/]/;

/** Whether only blanks or a comment follow `offset` on its line: `a; b` and `{ a: 1; b: 2 }` keep their separators. */
function endsLine(text: string, offset: number): boolean {
  return /^[ \t]*(\/\/[^\n]*|\/\*.*?\*\/[ \t]*)?(\r?\n|$)/.test(text.slice(offset));
}

/** The code after `offset`, past blanks and comments. */
function nextCode(text: string, offset: number): string {
  let rest = text.slice(offset);
  for (;;) {
    const skipped = rest.replace(/^\s+/, "").replace(/^\/\/[^\n]*/, "").replace(/^\/\*[\s\S]*?\*\//, "");
    if (skipped === rest) return rest;
    rest = skipped;
  }
}

/** The habits of a file: most of its strings' quotes, most of its statements' semicolons, its first indented line. */
export function detectStyle(file: ParsedFile): CodeStyle {
  let single = 0;
  let double = 0;
  let withSemicolon = 0;
  let without = 0;
  walk(file.ast.program, (node, parent) => {
    if (node.type === "StringLiteral" && parent?.type !== "JSXAttribute") {
      if (file.text[node.start!] === "'") single++;
      else double++;
    }
    if (needsTerminator(node, parent)) {
      if (file.text[node.end! - 1] === ";") withSemicolon++;
      else without++;
    }
  });
  const indented = /^([ \t]+)\S/m.exec(file.text.replace(/\/\*[\s\S]*?\*\//g, ""))?.[1];
  const indent = indented?.startsWith("\t") ? "\t" : indented && (indented.length === 4 || indented.length === 2) ? indented : "  ";
  return { quote: single > double ? "'" : '"', semicolon: withSemicolon >= without, indent };
}

/**
 * Rewrites code written in `from` style (ours) into `to`: string quotes (where the other quote
 * does not occur inside), statement-ending semicolons (kept where the next line would continue
 * the statement), and indentation levels. Text inside template literals is left as it is.
 */
export function restyle(filePath: string, code: string, to: CodeStyle, from: CodeStyle = templateStyle): string {
  if (to.quote === from.quote && to.semicolon === from.semicolon && to.indent === from.indent) return code;
  let text = code;
  if (to.indent !== from.indent) text = reindent(filePath, text, from.indent, to.indent);
  const file = parseSource(filePath, text);
  const edits: TextEdit[] = [];
  const seenEnds = new Set<number>();
  walk(file.ast.program, (node: Node, parent) => {
    if (to.quote !== from.quote && (node.type === "StringLiteral" || node.type === "DirectiveLiteral") && parent?.type !== "JSXAttribute") {
      const raw = text.slice(node.start! + 1, node.end! - 1);
      if (text[node.start!] === from.quote && !raw.includes(to.quote)) {
        edits.push({ at: node.start!, remove: 1, insert: to.quote }, { at: node.end! - 1, remove: 1, insert: to.quote });
      }
    }
    if (!to.semicolon && from.semicolon && needsTerminator(node, parent) && text[node.end! - 1] === ";" && !seenEnds.has(node.end!)) {
      seenEnds.add(node.end!);
      if (endsLine(text, node.end!) && !continuesPrevious.test(nextCode(text, node.end!))) edits.push({ at: node.end! - 1, remove: 1, insert: "" });
    }
  });
  return applyEdits(text, edits);
}

/** Each leading `from` unit of a line becomes a `to` unit, outside template literals. */
function reindent(filePath: string, code: string, from: string, to: string): string {
  const file = parseSource(filePath, code);
  const templates: [number, number][] = [];
  walk(file.ast.program, (node) => {
    if (node.type === "TemplateLiteral") templates.push([node.start!, node.end!]);
  });
  let offset = 0;
  return code
    .split("\n")
    .map((line) => {
      const start = offset;
      offset += line.length + 1;
      if (templates.some(([s, e]) => start > s && start < e)) return line;
      let units = 0;
      let rest = line;
      while (rest.startsWith(from)) {
        units++;
        rest = rest.slice(from.length);
      }
      return to.repeat(units) + rest;
    })
    .join("\n");
}

/** A formatter the project configures, and the style its configuration asks for. */
export interface FormatterFacts {
  tool: "prettier" | "biome";
  /** The configuration file, relative to the project. */
  config: string;
  style: CodeStyle;
}

const prettierFiles = [".prettierrc", ".prettierrc.json", ".prettierrc.json5", ".prettierrc.yaml", ".prettierrc.yml", "prettier.config.js", "prettier.config.mjs", "prettier.config.cjs", "prettier.config.ts", ".prettierrc.js", ".prettierrc.mjs", ".prettierrc.cjs"];

/**
 * The project's Prettier or Biome configuration, looked up from the project to `stopAt` (a
 * workspace root) as the tools do. Options are read from JSON, YAML or a config module's text;
 * what can't be read keeps the tool's default.
 */
export function detectFormatter(root: string, stopAt: string = root): FormatterFacts | undefined {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const relative = (name: string) => path.relative(root, path.join(dir, name)).split(path.sep).join("/");
    const biome = ["biome.json", "biome.jsonc"].find((name) => existsSync(path.join(dir, name)));
    if (biome) {
      const config = parseJsonc(readTextIfExists(path.join(dir, biome)) ?? "") as BiomeConfig | undefined;
      if (config?.formatter?.enabled === false) return undefined;
      const js = config?.javascript?.formatter;
      const indentStyle = js?.indentStyle ?? config?.formatter?.indentStyle ?? "tab";
      const width = js?.indentWidth ?? config?.formatter?.indentWidth ?? 2;
      return {
        tool: "biome",
        config: relative(biome),
        style: { quote: js?.quoteStyle === "single" ? "'" : '"', semicolon: js?.semicolons !== "asNeeded", indent: indentStyle === "tab" ? "\t" : " ".repeat(width) },
      };
    }
    const prettier = prettierFiles.find((name) => existsSync(path.join(dir, name)));
    const inPackage = !prettier && existsSync(path.join(dir, "package.json")) ? (parseJsonc(readTextIfExists(path.join(dir, "package.json")) ?? "") as { prettier?: unknown } | undefined)?.prettier : undefined;
    if (prettier || inPackage) {
      const text = prettier ? (readTextIfExists(path.join(dir, prettier)) ?? "") : JSON.stringify(inPackage);
      const option = (name: string) => new RegExp(`["']?${name}["']?\\s*[:=]\\s*["']?([\\w.]+)`).exec(text)?.[1];
      const tabWidth = Number(option("tabWidth") ?? 2);
      return {
        tool: "prettier",
        config: prettier ? relative(prettier) : relative("package.json"),
        style: { quote: option("singleQuote") === "true" ? "'" : '"', semicolon: option("semi") !== "false", indent: option("useTabs") === "true" ? "\t" : " ".repeat(tabWidth) },
      };
    }
    if (dir === stopAt || path.dirname(dir) === dir) return undefined;
  }
}

interface BiomeConfig {
  formatter?: { enabled?: boolean; indentStyle?: string; indentWidth?: number };
  javascript?: { formatter?: { quoteStyle?: string; semicolons?: string; indentStyle?: string; indentWidth?: number } };
}

/** The style most of a project's source files share (a sample of them), when it has no formatter to say. */
export function sampleStyle(root: string, files: readonly string[]): CodeStyle | undefined {
  const votes = { single: 0, double: 0, semi: 0, noSemi: 0, tab: 0, four: 0, two: 0 };
  let counted = 0;
  for (const relative of files) {
    if (counted >= 20) break;
    const text = readTextIfExists(path.join(root, relative));
    if (!text || text.length > 200_000) continue;
    let file: ParsedFile;
    try {
      file = parseSource(relative, text);
    } catch {
      continue;
    }
    if (file.ast.program.body.length === 0) continue;
    counted++;
    const style = detectStyle(file);
    votes[style.quote === "'" ? "single" : "double"]++;
    votes[style.semicolon ? "semi" : "noSemi"]++;
    votes[style.indent === "\t" ? "tab" : style.indent.length === 4 ? "four" : "two"]++;
  }
  if (counted === 0) return undefined;
  const indent = votes.tab > votes.two && votes.tab >= votes.four ? "\t" : votes.four > votes.two ? "    " : "  ";
  return { quote: votes.single > votes.double ? "'" : '"', semicolon: votes.semi >= votes.noSemi, indent };
}

/**
 * Whether two versions of a file differ only in what a formatter changes: spacing and line
 * breaks, quotes, semicolons, trailing commas, parentheses around a lone arrow parameter. A file
 * add created and the project's formatter then rewrote is still the file add would create.
 */
export function sameModuloFormatting(a: string, b: string): boolean {
  const normal = (text: string) =>
    text
      .replace(/'/g, '"')
      .replace(/\(\s*([A-Za-z_$][\w$]*)\s*\)\s*=>/g, "$1=>")
      .replace(/[\s;]+/g, "")
      .replace(/,([)\]}])/g, "$1");
  return normal(a) === normal(b);
}
