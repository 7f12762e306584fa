import type { ObjectExpression } from "@babel/types";
import { describe, expect, it } from "vitest";
import { appendMember, findMember, keyName, removeMember } from "../../src/code/code-edits.ts";
import { parseSource } from "../../src/code/parse.ts";
import { applyEdits } from "../../src/code/text-edits.ts";

/** The object literal assigned to `settings` in `code`. */
function settingsOf(code: string): { text: string; object: ObjectExpression } {
  const file = parseSource("settings.ts", code);
  const statement = file.ast.program.body[0]!;
  if (statement.type !== "VariableDeclaration" || statement.declarations[0]!.init?.type !== "ObjectExpression") throw new Error("no object");
  return { text: code, object: statement.declarations[0]!.init };
}

describe("object members", () => {
  it("finds a member by key, however the key is written; computed keys have no name", () => {
    const { object } = settingsOf(`const settings = { plain: 1, "quoted-key": 2, shorthand, method() {}, [dynamic]: 3 };\n`);
    expect(object.properties.map(keyName)).toEqual(["plain", "quoted-key", "shorthand", "method", undefined]);
    expect(findMember(object, "quoted-key")?.start).toBe(object.properties[1]!.start);
    expect(findMember(object, "dynamic")).toBeUndefined();
  });

  it("removes a member with its comma, and a member alone on its line with the line", () => {
    const inline = settingsOf(`const settings = { first: 1, second: 2 };\n`);
    expect(applyEdits(inline.text, [removeMember(inline.text, inline.object, findMember(inline.object, "second")!)])).toBe(`const settings = { first: 1 };\n`);
    expect(applyEdits(inline.text, [removeMember(inline.text, inline.object, findMember(inline.object, "first")!)])).toBe(`const settings = { second: 2 };\n`);
    const lines = settingsOf(`const settings = {\n  first: 1,\n  second: 2,\n  third: 3,\n};\n`);
    expect(applyEdits(lines.text, [removeMember(lines.text, lines.object, findMember(lines.object, "second")!)])).toBe(`const settings = {\n  first: 1,\n  third: 3,\n};\n`);
  });

  it("appends in the object's layout: inline, one per line, with or without a trailing comma, or into an empty object", () => {
    const cases: [string, string][] = [
      [`const settings = { first: 1 };\n`, `const settings = { first: 1, added: true };\n`],
      [`const settings = {\n  first: 1,\n};\n`, `const settings = {\n  first: 1,\n  added: true,\n};\n`],
      [`const settings = {\n    first: 1\n};\n`, `const settings = {\n    first: 1,\n    added: true\n};\n`],
      [`const settings = {};\n`, `const settings = { added: true };\n`],
    ];
    for (const [code, expected] of cases) {
      const { text, object } = settingsOf(code);
      expect(applyEdits(text, [appendMember(text, object, "added: true")])).toBe(expected);
    }
  });
});
