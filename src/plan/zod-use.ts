import { zod3WithV4Api } from "../catalogue/versions.ts";
import { UserError } from "../errors.ts";

/** How the generated code imports zod in a project, and what its zod range needs, if anything. */
export interface ZodUse {
  /** The module the generated code imports `z` from: `zod` on zod 4, `zod/v4` on zod 3.25+. */
  module: "zod" | "zod/v4";
  /** A new range within major 3, when the project's allows versions older than 3.25 (which lack `zod/v4`). */
  raisedRange?: string;
}

/** The lowest version a range allows, as [major, minor], for the forms package.json ranges take; undefined when it can't tell. */
export function lowestVersion(range: string): [number, number] | undefined {
  const alternatives = range.split("||").map((alternative) => /^\s*(?:[\^~]|>=?|=|v)?\s*(\d+)(?:\.(\d+|x|\*))?/i.exec(alternative));
  if (alternatives.some((match) => !match)) return undefined;
  const versions = alternatives.map((match) => [Number(match![1]), /^\d+$/.test(match![2] ?? "") ? Number(match![2]) : 0] as [number, number]);
  return versions.sort((a, b) => a[0] - b[0] || a[1] - b[1])[0];
}

/**
 * inngest 4 accepts zod `^3.25.0 || ^4.0.0`, and zod 3.25 ships the v4 API at `zod/v4`: a
 * project on zod 3 keeps its zod 3 code, and the generated code imports `zod/v4`. A range that
 * allows older 3.x is raised within major 3; never to another major (the user's code and
 * libraries may need zod 3). `installed` decides when the range does not say (`catalog:`, `*`).
 */
export function zodUse(range: string | undefined, installed?: string): ZodUse {
  if (range === undefined) return { module: "zod" };
  const lowest = lowestVersion(range);
  if (!lowest) {
    const major = installed ? Number(installed.split(".")[0]) : undefined;
    // Unknown: `zod/v4` is there on every version inngest accepts, 3.25 and 4 alike.
    return { module: major !== undefined && major >= 4 ? "zod" : "zod/v4" };
  }
  const [major, minor] = lowest;
  if (major >= 4) return { module: "zod" };
  if (major === 3 && minor >= 25) return { module: "zod/v4" };
  if (major === 3) {
    // The user's habit: an exact pin stays exact, `~` stays `~`; anything else becomes `^`.
    const operator = /^\s*\d+\.\d+\.\d+\s*$/.test(range) ? "" : (/^\s*([\^~])/.exec(range)?.[1] ?? "^");
    return { module: "zod/v4", raisedRange: `${operator}${zod3WithV4Api}` };
  }
  throw new UserError(
    `This project has zod ${range}; Inngest 4 needs zod 3.25 or later (its peer range is ^3.25.0 || ^4.0.0), and moving to zod 3 is a major upgrade only you can decide. Nothing was changed.`,
  );
}
