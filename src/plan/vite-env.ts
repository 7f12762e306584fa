import type { ArrayExpression, ArrowFunctionExpression, Expression, FunctionExpression, Node, ObjectExpression } from "@babel/types";
import { addImport, appendToArray, codeStyle } from "../code/code-edits.ts";
import { walk, type ParsedFile } from "../code/parse.ts";
import type { TextEdit } from "../code/text-edits.ts";
import { defaultExportedValue, unwrap } from "../code/default-export.ts";

export const viteConfigFiles = ["vite.config.ts", "vite.config.mts", "vite.config.js", "vite.config.mjs"];

/** What it takes for `.env` values to reach `process.env` in a Vite app's server code. */
export type ViteEnvChange =
  /** Edits to the config (or none, when it loads the wanted prefixes already). */
  | { kind: "edit"; edits: TextEdit[] }
  /** The config can't be changed safely: the reason, for the next steps. */
  | { kind: "manual"; reason: string };

const comment = "// The Inngest SDK and the server code read process.env; Vite exposes .env files only to import.meta.env.";

/**
 * Vite keeps `.env*` values out of `process.env`, where the Inngest SDK reads `INNGEST_DEV` and the
 * patterns their secrets. `create` writes `defineConfig(({ mode }) => { Object.assign(process.env,
 * loadEnv(...)); return {...} })`; this makes the same change to the project's own config, in
 * place: `defineConfig({...})` becomes that function (the object kept as it is, indented one
 * level more); a function config gets the line at the top of its body. A config that loads them
 * already gets the missing prefixes.
 */
export function loadEnvIntoProcess(file: ParsedFile, prefixes: readonly string[]): ViteEnvChange {
  const existing = existingLoad(file);
  if (existing) return { kind: "edit", edits: existing === "all" ? [] : missingPrefixes(file, existing, prefixes) };

  const config = defaultExportedConfig(file);
  const indent = indentUnit(file.text);
  // The file's own habits: its quotes, and semicolons only where it ends statements with them.
  const { quote, semicolon } = codeStyle(file);
  const end = semicolon ? ";" : "";
  const loadEnvName = importedLocal(file, "loadEnv");
  const importEdits = loadEnvName ? [] : addImport(file, { from: "vite", name: "loadEnv" }).edits;
  const load = (mode: string, depth: string) => `${comment}\n${depth}Object.assign(process.env, ${loadEnvName ?? "loadEnv"}(${mode}, process.cwd(), [${prefixes.map((p) => `${quote}${p}${quote}`).join(", ")}]))${end}`;

  if (!config) {
    // A plain config object (`const config: UserConfig = {...}`): a plugin of two lines in its list does the same, typed by the list.
    const plugins = pluginsOfPlainConfig(file);
    if (!plugins) return { kind: "manual", reason: `${file.path} exports neither defineConfig(...) nor an object with a plugins list` };
    const plugin = `{ name: ${quote}env-files-into-process-env${quote}, config: (_, { mode }) => void Object.assign(process.env, ${loadEnvName ?? "loadEnv"}(mode, process.cwd(), [${prefixes.map((p) => `${quote}${p}${quote}`).join(", ")}])) }`;
    return { kind: "edit", edits: [...importEdits, ...appendToArray(file, plugins, [plugin])] };
  }
  if (config.type === "ObjectExpression") {
    const body = reindent(file.text.slice(config.start!, config.end!), indent);
    return {
      kind: "edit",
      edits: [...importEdits, { at: config.start!, remove: config.end! - config.start!, insert: `({ mode }) => {\n${indent}${load("mode", indent)}\n${indent}return ${body}${end}\n}` }],
    };
  }
  const fn = config;
  const mode = modeOf(file, fn);
  if (!mode) return { kind: "manual", reason: `the config function in ${file.path} takes its first parameter in a form add does not edit` };
  const edits: TextEdit[] = [...importEdits, ...mode.edits];
  if (fn.body.type === "BlockStatement") {
    const first = fn.body.body[0];
    const depth = first ? lineIndent(file.text, first.start!) : indent;
    edits.push({ at: fn.body.start! + 1, insert: `\n${depth}${load(mode.expression, depth)}` });
  } else {
    const start = fn.body.extra?.parenthesized ? (fn.body.extra.parenStart as number) : fn.body.start!;
    const stop = fn.body.extra?.parenthesized ? file.text.indexOf(")", fn.body.end!) + 1 : fn.body.end!;
    const body = reindent(file.text.slice(fn.body.start!, fn.body.end!), indent);
    edits.push({ at: start, remove: stop - start, insert: `{\n${indent}${load(mode.expression, indent)}\n${indent}return ${body}${end}\n}` });
  }
  return { kind: "edit", edits };
}

/** The config object or function passed to `defineConfig(...)` (from vite or vitest/config), exported by default directly or through a const. */
function defaultExportedConfig(file: ParsedFile): ObjectExpression | ArrowFunctionExpression | FunctionExpression | undefined {
  const value = defaultExportedValue(file.ast.program);
  if (!value) return undefined;
  const call = unwrap(value);
  if (call.type !== "CallExpression" || call.callee.type !== "Identifier" || call.callee.name !== importedLocal(file, "defineConfig", /^(vite|vitest\/config)$/)) return undefined;
  const argument = call.arguments[0];
  if (argument?.type === "ObjectExpression" || argument?.type === "ArrowFunctionExpression" || argument?.type === "FunctionExpression") return argument;
  return undefined;
}

/** The `plugins` array literal of a default-exported plain object (directly or through a const). */
function pluginsOfPlainConfig(file: ParsedFile): ArrayExpression | undefined {
  const value = defaultExportedValue(file.ast.program);
  if (!value) return undefined;
  const object = unwrap(value);
  if (object.type !== "ObjectExpression") return undefined;
  const plugins = object.properties.find((p) => p.type === "ObjectProperty" && p.key.type === "Identifier" && p.key.name === "plugins");
  const list = plugins?.type === "ObjectProperty" ? unwrap(plugins.value as Expression) : undefined;
  return list?.type === "ArrayExpression" && list.elements.length > 0 ? list : undefined;
}

/** The expression holding Vite's mode inside a config function, adding `mode` to its parameter when needed. */
function modeOf(file: ParsedFile, fn: ArrowFunctionExpression | FunctionExpression): { expression: string; edits: TextEdit[] } | undefined {
  const param = fn.params[0];
  if (!param) {
    const open = file.text.indexOf("(", fn.start!);
    return { expression: "mode", edits: [{ at: open + 1, insert: "{ mode }" }] };
  }
  if (param.type === "Identifier") return { expression: `${param.name}.mode`, edits: [] };
  if (param.type !== "ObjectPattern") return undefined;
  for (const property of param.properties) {
    if (property.type === "ObjectProperty" && property.key.type === "Identifier" && property.key.name === "mode" && property.value.type === "Identifier") return { expression: property.value.name, edits: [] };
  }
  const last = param.properties.at(-1);
  if (last?.type === "RestElement") return { expression: `${(last.argument as { name?: string }).name}.mode`, edits: [] };
  if (last) return { expression: "mode", edits: [{ at: last.end!, insert: ", mode" }] };
  return { expression: "mode", edits: [{ at: param.start!, remove: param.end! - param.start!, insert: "{ mode }" }] };
}

/**
 * An `Object.assign(process.env, loadEnv(mode, dir, prefixes))` already there (the loadEnv call
 * inline or in a const): its prefixes array, or "all" when it loads every variable (`""`).
 * Anything else is not taken for it: adding our line beside a look-alike is harmless.
 */
function existingLoad(file: ParsedFile): ArrayExpression | "all" | undefined {
  const loadEnvName = importedLocal(file, "loadEnv");
  if (!loadEnvName) return undefined;
  const calls = new Map<string, Node>();
  walk(file.ast.program, (node) => {
    if (node.type === "VariableDeclarator" && node.id.type === "Identifier" && node.init) calls.set(node.id.name, node.init);
  });
  let found: ArrayExpression | "all" | undefined;
  walk(file.ast.program, (node) => {
    if (found || node.type !== "CallExpression" || node.callee.type !== "MemberExpression") return;
    const { object, property } = node.callee;
    if (object.type !== "Identifier" || object.name !== "Object" || property.type !== "Identifier" || property.name !== "assign") return;
    const [target, source] = node.arguments;
    const isProcessEnv = target?.type === "MemberExpression" && target.object.type === "Identifier" && target.object.name === "process" && target.property.type === "Identifier" && target.property.name === "env";
    if (!isProcessEnv || !source) return;
    const call = source.type === "Identifier" ? calls.get(source.name) : source;
    if (call?.type !== "CallExpression" || call.callee.type !== "Identifier" || call.callee.name !== loadEnvName) return;
    const prefixes = call.arguments[2];
    if (prefixes?.type === "StringLiteral" && prefixes.value === "") found = "all";
    else if (prefixes?.type === "ArrayExpression" && prefixes.elements.every((e) => e?.type === "StringLiteral")) found = prefixes;
  });
  return found;
}

function missingPrefixes(file: ParsedFile, array: ArrayExpression, wanted: readonly string[]): TextEdit[] {
  const loaded = array.elements.map((e) => (e?.type === "StringLiteral" ? e.value : ""));
  const missing = wanted.filter((key) => !loaded.some((prefix) => key.startsWith(prefix)));
  if (missing.length === 0) return [];
  const quote = file.text[array.elements[0]?.start ?? -1] === "'" ? "'" : '"';
  const items = missing.map((key) => `${quote}${key}${quote}`).join(", ");
  const last = array.elements.at(-1);
  return [last ? { at: last.end!, insert: `, ${items}` } : { at: array.start! + 1, insert: items }];
}

function importedLocal(file: ParsedFile, name: string, from: RegExp = /^vite$/): string | undefined {
  for (const statement of file.ast.program.body) {
    if (statement.type !== "ImportDeclaration" || !from.test(statement.source.value) || statement.importKind === "type") continue;
    for (const specifier of statement.specifiers) {
      if (specifier.type === "ImportSpecifier" && specifier.importKind !== "type" && (specifier.imported.type === "Identifier" ? specifier.imported.name : specifier.imported.value) === name) return specifier.local.name;
    }
  }
  return undefined;
}

/** The file's indentation step: a tab, or the smallest run of leading spaces. */
function indentUnit(text: string): string {
  if (/^\t/m.test(text)) return "\t";
  const widths = [...text.matchAll(/^( +)\S/gm)].map((m) => m[1]!.length);
  return " ".repeat(widths.length > 0 ? Math.min(...widths) : 2);
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Code moved one level deeper: every line after the first gets one more indent (a multi-line string would change, so then none do). */
function reindent(code: string, indent: string): string {
  if (/`[^`]*\n[^`]*`/.test(code)) return code;
  return code.replace(/\n(?=[^\n])/g, `\n${indent}`);
}
