import { parse } from "@babel/parser";
import { parserPlugins } from "../code/parse.ts";
import type * as t from "@babel/types";

export interface ParseFailure {
  message: string;
  line: number;
  column: number;
}

export type ParseResult =
  | { ok: true; file: t.File; recovered?: ParseFailure }
  | { ok: false; error: ParseFailure }
  /** Nested deeper than the parser's stack allows (generated code): not a syntax error. */
  | { ok: false; tooDeep: true };

const failure = (error: unknown): ParseFailure => {
  const e = error as { message?: string; loc?: { line: number; column: number }; reasonCode?: string };
  // Babel appends " (line:col)" to its messages; the location is reported separately.
  const message = String(e.message ?? error).replace(/\s*\(\d+:\d+\)$/, "");
  return { message, line: e.loc?.line ?? 1, column: (e.loc?.column ?? 0) + 1 };
};

/**
 * Syntax TypeScript accepts that Babel keeps behind plugins: `assert { type: "json" }` import
 * attributes (the older spelling of `with`), `accessor` class fields, `import defer`.
 */
const typescriptAccepts = ["deprecatedImportAssert", "decoratorAutoAccessors", "deferredImportEvaluation"] as const;

export function parseSource(file: string, source: string): ParseResult {
  try {
    const ast = parse(source, {
      sourceType: "unambiguous",
      plugins: [...parserPlugins(file), ...typescriptAccepts],
      errorRecovery: true,
      // Comments are read from `file.comments`; attaching them to nodes is work (and memory) for nothing.
      attachComment: false,
      allowAwaitOutsideFunction: true,
      allowReturnOutsideFunction: true,
      allowImportExportEverywhere: true,
    });
    const first = (ast as t.File & { errors?: unknown[] }).errors?.[0];
    return first ? { ok: true, file: ast, recovered: failure(first) } : { ok: true, file: ast };
  } catch (error) {
    if (error instanceof RangeError) return { ok: false, tooDeep: true };
    return { ok: false, error: failure(error) };
  }
}
