import { describe, expect, it } from "vitest";
import { compileTemplates } from "../../src/render/compile-templates.ts";

// How the CLI sets Handlebars up, on a small store of its own: "<name>.hbs" templates,
// "<name>.partial.hbs" partials, anything else a plain file.
const store = new Map([
  ["greeting.ts.hbs", "export const greeting = {{json text}};\n"],
  ["raw.ts.hbs", "const html = `{{html}}`;\n"],
  ["typo.ts.hbs", "const id = {{app.idd}};\n"],
  ["pick.ts.hbs", "{{#each kinds}}{{#if (eq this \"b\")}}[{{this}}]{{else}}{{this}}{{/if}}{{/each}}\n"],
  ["kinds.ts.hbs", '{{#each kinds}}{{> (concat "kinds/" this "/line") @root}}{{/each}}'],
  ["kinds/a/line.partial.hbs", "a:{{name}}\n"],
  ["kinds/b/line.partial.hbs", "b:{{name}}\n"],
  ["nested.ts.hbs", "function f() {\n  {{> body}}\n}\n"],
  ["body.partial.hbs", "one();\ntwo();\n"],
  ["plain.ts", "const untouched = `{{not a template}}`;\n"],
]);
const templates = compileTemplates(store);

describe("templates rendered by Handlebars", () => {
  it("lists every file but the partials", () => {
    expect([...templates.keys].sort()).toEqual(["greeting.ts.hbs", "kinds.ts.hbs", "nested.ts.hbs", "pick.ts.hbs", "plain.ts", "raw.ts.hbs", "typo.ts.hbs"]);
  });

  it("gives a plain file's text as it is, braces and all", () => {
    expect(templates.render("plain.ts", {})).toBe("const untouched = `{{not a template}}`;\n");
  });

  it("prints code, not HTML: no escaping", () => {
    expect(templates.render("raw.ts.hbs", { html: `<a href="x">&</a>` })).toBe('const html = `<a href="x">&</a>`;\n');
  });

  it("has the json, eq and concat helpers", () => {
    expect(templates.render("greeting.ts.hbs", { text: 'say "hi"' })).toBe('export const greeting = "say \\"hi\\"";\n');
    expect(templates.render("pick.ts.hbs", { kinds: ["a", "b", "c"] })).toBe("a[b]c\n");
    expect(templates.render("kinds.ts.hbs", { kinds: ["b", "a"], name: "N" })).toBe("b:N\na:N\n");
  });

  it("indents each line of a standalone partial as the partial is", () => {
    expect(templates.render("nested.ts.hbs", {})).toBe("function f() {\n  one();\n  two();\n}\n");
  });

  it("is strict: a value the context lacks throws, naming the template", () => {
    expect(() => templates.render("typo.ts.hbs", { app: { id: "x" } })).toThrow(/^templates\/typo\.ts\.hbs: "idd" not defined/);
  });

  it("refuses a helper it does not know, instead of printing a property of that name", () => {
    const unknown = compileTemplates(new Map([["shout.hbs", "{{shout name}}"]]));
    expect(() => unknown.render("shout.hbs", { name: "x", shout: "loud" })).toThrow(/unknown helper shout/);
  });

  it("throws for a file it does not have", () => {
    expect(() => templates.render("nowhere.hbs", {})).toThrow("Template not found: nowhere.hbs");
  });
});
