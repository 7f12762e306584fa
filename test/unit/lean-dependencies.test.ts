import { describe, expect, it } from "vitest";
import { patternIds, type PatternId } from "../../src/catalogue/patterns.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { fixedEngineKeys, optionsFor, supportedPairs } from "../support/options.ts";

/**
 * A generated project depends only on what its framework, target and patterns use (issue 7): each
 * package in its package.json is imported by a generated file, run by a script, or needed by one
 * that is (a peer dependency, or the types of a used package). A dependency a pattern brings in
 * must go when the pattern is not chosen.
 */
const store = loadTemplates();

// Commands a package provides, where the command is not the package's own name.
const commandsOf: Record<string, string[]> = {
  typescript: ["tsc"],
  "@react-router/dev": ["react-router"],
  "@react-router/serve": ["react-router-serve"],
  "@opennextjs/cloudflare": ["opennextjs-cloudflare"],
};

// Packages nothing imports by name, each needed by one that is used: [needed by, why].
const neededBy: Record<string, [string[], string]> = {
  react: [["next", "react-router"], "a peer dependency: the .tsx files' JSX compiles to its runtime"],
  "react-dom": [["next", "react-router"], "a peer dependency: renders the pages"],
  "@sveltejs/vite-plugin-svelte": [["@sveltejs/kit"], "a peer dependency of SvelteKit"],
  svelte: [["@sveltejs/kit"], "a peer dependency of SvelteKit, compiles the .svelte files"],
  typescript: [["svelte-check", "@react-router/dev", "next", "tsx"], "type-checks the project"],
  // The project has no app/entry.server.tsx of its own; React Router's default one imports both.
  isbot: [["@react-router/dev"], "imported by React Router's default server entry"],
  "@react-router/node": [["@react-router/dev"], "imported by React Router's default server entry"],
};

/** How a generated project uses a package, or undefined when nothing in it does. */
function useOf(name: string, files: Map<string, string>, scripts: string[], used: Set<string>): string | undefined {
  if (name.startsWith("@types/")) {
    const typed = name.slice("@types/".length);
    if (typed === "node") return [...files.values()].some((text) => /\bprocess\.env\b|["']node:/.test(text)) ? "the types of Node's globals and modules" : undefined;
    return used.has(typed) ? `the types of ${typed}` : undefined;
  }
  const specifier = new RegExp(`["'\`]${name.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}(/[^"'\`]*)?["'\`]`);
  for (const [path, content] of files) if (path !== "package.json" && !path.endsWith(".md") && specifier.test(content)) return `imported in ${path}`;
  const commands = commandsOf[name] ?? [name.split("/").pop()!];
  const script = scripts.find((line) => commands.some((command) => new RegExp(`(^|[\\s&|;(])(npx |bunx )?${command}(\\s|$)`).test(line)));
  if (script) return `run by \`${script}\``;
  const [needers, why] = neededBy[name] ?? [[], ""];
  const needer = needers.find((n) => used.has(n));
  return needer ? `${why} (${needer})` : undefined;
}

type Pair = (typeof supportedPairs)[number];

/** The packages of a generated project's package.json that nothing in it uses, and why each other one is there. */
function dependencyUses({ framework, target }: Pair, patterns: PatternId[]) {
  const plan = planCreate(optionsFor(framework, { target, patterns }), "/w", store, undefined, fixedEngineKeys);
  const files = new Map(plan.files.map((f) => [f.path, f.content]));
  const pkg = JSON.parse(files.get("package.json")!) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, string> };
  // Scripts of package.json, and the commands CI workflows and Dockerfiles run.
  const scripts = [...Object.values(pkg.scripts ?? {}), ...[...files].filter(([p]) => /\.ya?ml$|Dockerfile|\.toml$/.test(p)).flatMap(([, c]) => c.split("\n"))];
  const names = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies });
  // Used packages justify their peers and types: settle the directly used ones first, then the rest, until nothing changes.
  const used = new Set<string>();
  const reasons = new Map<string, string>();
  let grew = true;
  while (grew) {
    grew = false;
    for (const name of names) {
      const reason = used.has(name) ? undefined : useOf(name, files, scripts, used);
      if (reason) (used.add(name), reasons.set(name, reason), (grew = true));
    }
  }
  return { unused: names.filter((name) => !used.has(name)), reasons };
}

describe("generated projects depend only on what they use", () => {
  describe.each(supportedPairs)("$framework on $target", (pair) => {
    it("with every pattern", () => {
      expect(dependencyUses(pair, [...patternIds]).unused).toEqual([]);
    });
    it.each(patternIds)("with only %s", (pattern) => {
      expect(dependencyUses(pair, [pattern]).unused).toEqual([]);
    });
  });

  it("allows no package that no project needs (the allowances above stay true)", () => {
    const reasons = supportedPairs.flatMap((pair) => [...dependencyUses(pair, [...patternIds]).reasons.entries()]);
    for (const [name, [, why]] of Object.entries(neededBy)) {
      expect(reasons.some(([used, reason]) => used === name && reason.startsWith(why)), name).toBe(true);
    }
  });

  it("notices a package nothing uses", () => {
    const names = (text: string) => useOf("left-pad", new Map([["src/a.ts", text]]), [], new Set());
    expect(names(`import x from "lodash";`)).toBeUndefined();
    expect(names(`import pad from "left-pad";`)).toBe("imported in src/a.ts");
    expect(names(`import pad from "left-pad/lib";`)).toBe("imported in src/a.ts");
    expect(names(`// left-pad is not needed`)).toBeUndefined();
    expect(useOf("vitest", new Map(), ["vitest run"], new Set())).toBe("run by `vitest run`");
    expect(useOf("vitest", new Map(), ["npx vitestx"], new Set())).toBeUndefined();
    expect(useOf("@types/react", new Map(), [], new Set(["react"]))).toBe("the types of react");
    expect(useOf("@types/react", new Map(), [], new Set())).toBeUndefined();
  });
});
