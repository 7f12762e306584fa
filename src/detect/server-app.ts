import { readFileSync } from "node:fs";
import path from "node:path";
import type { Node, Statement } from "@babel/types";
import { parseSource, type ParsedFile } from "../code/parse.ts";
import { listSourceFiles } from "../code/project-files.ts";

/** The statement that creates an Express or Hono app, and the names it uses. */
export interface ServerApp {
  file: ParsedFile;
  /** The variable holding the app (`app`, `server`…). */
  appName: string;
  /** The local name of Express's default import (for `express.json`); the Hono class for Hono. */
  frameworkName: string;
  /** The statement declaring the app: new code goes right after it, before the user's routes. */
  statement: Statement;
}

/**
 * Finds `const app = express()` (default import of "express") or `const app = new Hono()`
 * (named import of "hono"), at the top level or inside a factory function.
 */
export function findServerApp(root: string, kind: "express" | "hono"): ServerApp | undefined {
  const marker = kind === "express" ? "express" : "Hono";
  for (const { rel: relative } of listSourceFiles(root).files) {
    const text = readFileSync(path.join(root, relative), "utf8");
    if (!text.includes(marker)) continue;
    let file: ParsedFile;
    try {
      file = parseSource(relative, text);
    } catch {
      continue;
    }
    const frameworkName = importedName(file, kind);
    if (!frameworkName) continue;
    const found = findDeclaration(file.ast.program.body, (init) =>
      kind === "express"
        ? init.type === "CallExpression" && init.callee.type === "Identifier" && init.callee.name === frameworkName
        : init.type === "NewExpression" && init.callee.type === "Identifier" && init.callee.name === frameworkName,
    );
    if (found) return { file, frameworkName, ...found };
  }
  return undefined;
}

function importedName(file: ParsedFile, kind: "express" | "hono"): string | undefined {
  for (const statement of file.ast.program.body) {
    if (statement.type !== "ImportDeclaration" || statement.source.value !== kind || statement.importKind === "type") continue;
    for (const specifier of statement.specifiers) {
      if (kind === "express" && specifier.type === "ImportDefaultSpecifier") return specifier.local.name;
      if (kind === "hono" && specifier.type === "ImportSpecifier" && specifier.imported.type === "Identifier" && specifier.imported.name === "Hono") {
        return specifier.local.name;
      }
    }
  }
  return undefined;
}

/** Searches statement lists (and function bodies in them) for `const x = <init>`. */
function findDeclaration(body: Statement[], matches: (init: Node) => boolean): { appName: string; statement: Statement } | undefined {
  for (const statement of body) {
    const declaration = statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (declaration?.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations) {
        if (declarator.id.type === "Identifier" && declarator.init && matches(declarator.init)) return { appName: declarator.id.name, statement };
        // `const createApp = () => { const app = express(); … }`
        const init = declarator.init;
        if ((init?.type === "ArrowFunctionExpression" || init?.type === "FunctionExpression") && init.body.type === "BlockStatement") {
          const inner = findDeclaration(init.body.body, matches);
          if (inner) return inner;
        }
      }
    }
    const fn = statement.type === "ExportDefaultDeclaration" || statement.type === "ExportNamedDeclaration" ? statement.declaration : statement;
    if (fn?.type === "FunctionDeclaration") {
      const inner = findDeclaration(fn.body.body, matches);
      if (inner) return inner;
    }
  }
  return undefined;
}
