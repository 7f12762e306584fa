import path from "node:path";
import type { TsConfigFacts } from "./tsconfig.ts";

/**
 * How one project file imports another, in the project's style (`./x`, `./x.js` or `./x.ts`).
 * Without extensions `./x/index` is written `./x`, unless `keepIndex` (a module `x.ts` beside the
 * folder would take that name).
 */
export function relativeSpecifier(fromFile: string, toFile: string, extension: TsConfigFacts["importExtension"], keepIndex = false): string {
  let relative = path.relative(path.dirname(fromFile), toFile).split(path.sep).join("/");
  if (!relative.startsWith(".")) relative = `./${relative}`;
  const withoutExtension = relative.replace(/\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/, "");
  if (extension === "") return keepIndex ? withoutExtension : withoutExtension.replace(/\/index$/, "");
  return withoutExtension + extension;
}
