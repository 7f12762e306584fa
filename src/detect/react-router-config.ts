import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Expression, Node, ObjectExpression, Program } from "@babel/types";
import { defaultExportedValue, unwrap } from "../code/default-export.ts";
import { describeSyntaxError, parseSource, type ParsedFile } from "../code/parse.ts";

/** What `react-router.config.ts` says about where the app lives and whether it has a server. */
export interface ReactRouterConfig {
  /** The config file, when there is one. */
  file?: string;
  /** The app directory, relative to the project (`app` unless the config says otherwise). */
  appDirectory: string;
  /** `ssr: false` makes a single-page app: built to static files, with no server to serve a route. */
  ssr: boolean;
  /** Why the config can't be read without running it, when it can't. */
  unreadable?: string;
}

const configFiles = ["react-router.config.ts", "react-router.config.mts", "react-router.config.js", "react-router.config.mjs"];

/** Reads the config's literal `appDirectory` and `ssr` (the defaults are `app` and true). */
export function readReactRouterConfig(root: string): ReactRouterConfig {
  const file = configFiles.find((name) => existsSync(path.join(root, name)));
  const config: ReactRouterConfig = { file, appDirectory: "app", ssr: true };
  if (!file) return config;
  let parsed: ParsedFile;
  try {
    parsed = parseSource(file, readFileSync(path.join(root, file), "utf8"));
  } catch (error) {
    return { ...config, unreadable: `${describeSyntaxError(file, error)} (it does not parse)` };
  }
  const object = defaultExportedValue(parsed.ast.program);
  if (object?.type !== "ObjectExpression") return { ...config, unreadable: `${file} does not export an object literal by default` };
  const appDirectory = literalProperty(object, "appDirectory");
  const ssr = literalProperty(object, "ssr");
  if (appDirectory !== undefined) {
    if (typeof appDirectory !== "string") return { ...config, unreadable: `its appDirectory is not a string literal` };
    const normalized = path.posix.normalize(appDirectory.replaceAll("\\", "/")).replace(/\/+$/, "");
    if (path.posix.isAbsolute(normalized) || normalized.startsWith("..")) return { ...config, unreadable: `its appDirectory "${appDirectory}" is outside the project` };
    config.appDirectory = normalized === "." ? "" : normalized;
  }
  if (ssr !== undefined) {
    if (typeof ssr !== "boolean") return { ...config, unreadable: `its ssr is not true or false` };
    config.ssr = ssr;
  }
  return config;
}


/** A property's literal value; null when the property is there but not a literal; undefined when absent. */
function literalProperty(object: ObjectExpression, key: string): string | boolean | null | undefined {
  for (const property of object.properties) {
    if (property.type !== "ObjectProperty" || property.computed) continue;
    const name = property.key.type === "Identifier" ? property.key.name : property.key.type === "StringLiteral" ? property.key.value : undefined;
    if (name !== key) continue;
    const value = unwrap(property.value as Expression);
    if (value.type === "StringLiteral" || value.type === "BooleanLiteral") return value.value;
    if (value.type === "TemplateLiteral" && value.expressions.length === 0) return value.quasis[0]!.value.cooked ?? null;
    return null;
  }
  return undefined;
}
