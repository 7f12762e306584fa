import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { patternIds } from "../../src/catalogue/patterns.ts";
import { detectFormatter, detectStyle, restyle, type CodeStyle } from "../../src/code/code-style.ts";
import { parseSource } from "../../src/code/parse.ts";
import { planCreate } from "../../src/plan/create-plan.ts";
import { loadTemplates } from "../../src/render/load-templates.ts";
import { optionsFor } from "../support/options.ts";
import { tempDir } from "../support/project.ts";

const bare: CodeStyle = { quote: "'", semicolon: false, indent: "\t" };

/** The syntax tree without positions, comments or the raw text of literals: what the code means. */
function meaning(file: string, text: string): unknown {
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (!value || typeof value !== "object") return value;
    // JSX drops the whitespace of lines between elements: indentation there means nothing.
    if ((value as { type?: string }).type === "JSXText") return { type: "JSXText", value: (value as { value: string }).value.replace(/\s*\n\s*/g, "\n") };
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (["start", "end", "loc", "range", "extra", "leadingComments", "trailingComments", "innerComments", "comments", "tokens"].includes(key)) continue;
      out[key] = strip(inner);
    }
    return out;
  };
  return strip(parseSource(`meaning-${file}`, text).ast.program);
}

describe("detectStyle", () => {
  it("reads quotes, semicolons and indentation from the code, not from its first line", () => {
    const file = parseSource("a.ts", 'import x from "x"\n\nfunction f() {\n\treturn \'a\' + \'b\' + \'c\'\n}\nexport const y = f()\n');
    expect(detectStyle(file)).toEqual({ quote: "'", semicolon: false, indent: "\t" });
    const four = parseSource("b.ts", 'export function g() {\n    const a = "x";\n    return a;\n}\n');
    expect(detectStyle(four)).toEqual({ quote: '"', semicolon: true, indent: "    " });
  });

  it("`export function` and the `let` of a for loop are no votes either way", () => {
    const file = parseSource("c.ts", "export function a() {}\nexport default function b() {}\nfor (let i = 0; i < 2; i++) {}\nconst c = 1\n");
    expect(detectStyle(file).semicolon).toBe(false);
  });
});

describe("restyle", () => {
  it("swaps quotes where the other quote does not occur, drops semicolons, re-indents, leaves template text alone", () => {
    const code = [
      'import { a } from "./a";',
      "",
      "export function f() {",
      '  const s = "it\'s";',
      "  const t = `keep",
      '  "this"; as is`;',
      '  for (let i = 0; i < 2; i++) a("x");',
      "  return [s, t];",
      "}",
      "",
    ].join("\n");
    expect(restyle("f.ts", code, bare)).toBe(
      [
        "import { a } from './a'",
        "",
        "export function f() {",
        '\tconst s = "it\'s"',
        "\tconst t = `keep",
        '  "this"; as is`',
        "\tfor (let i = 0; i < 2; i++) a('x')",
        "\treturn [s, t]",
        "}",
        "",
      ].join("\n"),
    );
  });

  it("keeps a semicolon where the next line would continue the statement", () => {
    expect(restyle("g.ts", 'const a = f();\n(async () => {})();\nconst b = [1];\n[a, b].forEach(g);\n', bare)).toBe(
      "const a = f();\n(async () => {})()\nconst b = [1];\n[a, b].forEach(g)\n",
    );
  });

  it("interface members and class fields lose theirs too; JSX attributes keep double quotes", () => {
    expect(restyle("h.tsx", 'interface A {\n  b: string;\n}\nclass C {\n  d = "e";\n}\nexport const el = <div id="x" />;\n', bare)).toBe(
      "interface A {\n\tb: string\n}\nclass C {\n\td = 'e'\n}\nexport const el = <div id=\"x\" />\n",
    );
  });

  it.each(frameworkIds)("every file create writes for %s means the same in any style", (framework) => {
    const plan = planCreate(optionsFor(framework, { patterns: [...patternIds] }), "/app", loadTemplates());
    const styles: CodeStyle[] = [bare, { quote: "'", semicolon: true, indent: "    " }, { quote: '"', semicolon: false, indent: "  " }];
    let checked = 0;
    for (const file of plan.files.filter((f) => /\.[cm]?tsx?$/.test(f.path))) {
      for (const style of styles) {
        const styled = restyle(file.path, file.content, style);
        expect(meaning(file.path, styled), `${file.path} in ${JSON.stringify(style)}`).toEqual(meaning(file.path, file.content));
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  }, 30_000); // every file parsed and printed in three styles: seconds on a loaded 2-core machine
});

describe("detectFormatter", () => {
  async function folder(files: Record<string, string>): Promise<string> {
    const root = await tempDir("style");
    for (const [relative, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
      writeFileSync(path.join(root, relative), text);
    }
    return root;
  }

  it("Prettier from .prettierrc (JSON or YAML), a config module, or package.json", async () => {
    expect(detectFormatter(await folder({ ".prettierrc": '{ "semi": false, "singleQuote": true }' }))).toEqual({ tool: "prettier", config: ".prettierrc", style: { quote: "'", semicolon: false, indent: "  " } });
    expect(detectFormatter(await folder({ ".prettierrc.yaml": "useTabs: true\nsemi: false\n" }))?.style).toEqual({ quote: '"', semicolon: false, indent: "\t" });
    expect(detectFormatter(await folder({ "prettier.config.mjs": "export default { singleQuote: true, tabWidth: 4 };\n" }))?.style).toEqual({ quote: "'", semicolon: true, indent: "    " });
    expect(detectFormatter(await folder({ "package.json": '{ "prettier": { "semi": false } }' }))).toMatchObject({ config: "package.json", style: { semicolon: false } });
  });

  it("Biome: tabs by default, its JavaScript options, nothing when its formatter is off; found up to the workspace root", async () => {
    expect(detectFormatter(await folder({ "biome.json": "{}" }))?.style).toEqual({ quote: '"', semicolon: true, indent: "\t" });
    const configured = await folder({ "biome.jsonc": '{ // ours\n "formatter": { "indentStyle": "space", "indentWidth": 2 }, "javascript": { "formatter": { "quoteStyle": "single", "semicolons": "asNeeded" } } }' });
    expect(detectFormatter(configured)?.style).toEqual({ quote: "'", semicolon: false, indent: "  " });
    expect(detectFormatter(await folder({ "biome.json": '{ "formatter": { "enabled": false } }' }))).toBeUndefined();
    const mono = await folder({ "biome.json": "{}", "apps/api/package.json": "{}" });
    expect(detectFormatter(path.join(mono, "apps/api"))).toBeUndefined();
    expect(detectFormatter(path.join(mono, "apps/api"), mono)).toMatchObject({ tool: "biome", config: "../../biome.json" });
  });
});
