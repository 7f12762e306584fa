import { describe, expect, it } from "vitest";
import { compileTemplates } from "../../src/render/compile-templates.ts";
import { compileToJs, UnsupportedTemplateError } from "../../src/render/compile-to-js.ts";
import { referenceTemplates } from "../support/handlebars-reference.ts";

// Each construct the compiler supports, rendered by it and by real Handlebars: the same text, or
// both throw. Templates are "t.hbs"; partials "<name>.partial.hbs".

type Partials = Record<string, string>;

function both(source: string, context: object, partials: Partials = {}) {
  const store = new Map([["t.hbs", source], ...Object.entries(partials).map(([name, text]) => [`${name}.partial.hbs`, text] as [string, string])]);
  const attempt = (render: () => string) => {
    try {
      return { text: render() };
    } catch (error) {
      return { error: (error as Error).message };
    }
  };
  return {
    ours: attempt(() => compileTemplates(store).render("t.hbs", context)),
    theirs: attempt(() => referenceTemplates(store).render("t.hbs", context)),
  };
}

/** The same text as Handlebars, and not an error. */
function expectSame(source: string, context: object, partials?: Partials): string {
  const { ours, theirs } = both(source, context, partials);
  expect(theirs.error, "Handlebars threw").toBeUndefined();
  expect(ours).toEqual(theirs);
  return ours.text!;
}

/** Both throw; ours says where. */
function expectBothThrow(source: string, context: object, partials?: Partials): string {
  const { ours, theirs } = both(source, context, partials);
  expect(theirs.error, "Handlebars did not throw").toBeDefined();
  expect(ours.error, `ours printed ${JSON.stringify(ours.text)}`).toBeDefined();
  return ours.error!;
}

function refusal(source: string, partials: Partials = {}): string {
  try {
    compileTemplates(new Map([["t.hbs", source], ...Object.entries(partials).map(([name, text]) => [`${name}.partial.hbs`, text] as [string, string])]));
  } catch (error) {
    expect(error).toBeInstanceOf(UnsupportedTemplateError);
    return (error as Error).message;
  }
  throw new Error(`compiled: ${source}`);
}

describe("compile-to-js: values", () => {
  it.each([
    ["text only", "plain\ntext\n", {}],
    ["a property", "a {{name}} b", { name: "x" }],
    ["a nested property", "{{a.b.c}}", { a: { b: { c: "deep" } } }],
    ["null prints nothing", "[{{a}}]", { a: null }],
    ["undefined (present) prints nothing", "[{{a}}]", { a: undefined }],
    ["numbers, booleans, arrays as JavaScript prints them", "{{n}} {{z}} {{t}} {{f}} {{list}}", { n: 1.5, z: 0, t: true, f: false, list: [1, "b"] }],
    ["an object", "{{o}}", { o: { a: 1 } }],
    ["quotes, backslashes and newlines in text and values", 'say "hi" \\ {{v}}\n', { v: 'a "b"\n\\c' }],
    ["no escaping", "{{html}} {{{html}}} {{&html}}", { html: "<a href='x'>&amp;</a>" }],
    ["this and this.x and ./x", "{{this.a}} {{./a}}", { a: "A" }],
    ["an inherited property is undefined (Handlebars denies prototype access)", "{{#if a.toString}}yes{{else}}no{{/if}}", { a: {} }],
    ["array length", "{{#if list.length}}{{list.length}}{{/if}}", { list: [1, 2] }],
    ["comments", "a{{! one }}b\n{{!-- two --}}\nc\n", {}],
    ["whitespace control", "a  {{~v~}}  b\n  {{~#if t~}}  x  {{~/if~}}\n", { v: "V", t: true }],
  ])("%s", (_name, source, context) => {
    expectSame(source, context);
  });
});

describe("compile-to-js: helpers", () => {
  it.each([
    ["eq", '{{eq a "x"}} {{eq a b}}', { a: "x", b: "y" }],
    ["eq on numbers, booleans, null and undefined literals", "{{eq n 1}} {{eq t true}} {{eq z null}} {{eq u undefined}}", { n: 1, t: true, z: null, u: undefined }],
    // Handlebars joins a program's parts with JavaScript's +: values before the first string add up.
    ["adjacent booleans and numbers add up, as in Handlebars", "{{eq a 1}}{{eq a 1}}{{n}}x{{n}}{{n}}", { a: 1, n: 2 }],
    ["adjacent numbers inside a block add up before joining the text", "x{{#if t}}{{n}}{{n}}{{/if}}{{#if t}}{{n}}{{/if}}{{#if t}}{{n}}{{/if}}", { t: true, n: 2 }],
    ["a block's number result adds to the next one at a template's start", "{{#if t}}{{n}}{{/if}}{{#if t}}{{n}}{{/if}}", { t: true, n: 2 }],
    ["json", "{{json o}} {{json s}} {{json missing}}", { o: { a: [1, "b"] }, s: 'q"' }],
    ["concat, with null and undefined", '{{concat "a/" id "/" n z "/c"}}', { id: "x", n: 3, z: null }],
    ["a sub-expression in a block", '{{#if (eq kind "a")}}A{{else if (eq kind "b")}}B{{else}}other{{/if}}', { kind: "b" }],
    ["nested sub-expressions", '{{json (concat (concat "a" b) "c")}}', { b: "B" }],
  ])("%s", (_name, source, context) => {
    expectSame(source, context);
  });
});

describe("compile-to-js: #if and #unless", () => {
  // Handlebars' truthiness: an empty array is false; 0 is false (no includeZero); {} is true.
  const values: [string, unknown][] = [
    ["true", true],
    ["false", false],
    ["0", 0],
    ["1", 1],
    ["empty string", ""],
    ["string", "s"],
    ["empty array", []],
    ["array of 0", [0]],
    ["empty object", {}],
    ["null", null],
    ["NaN", Number.NaN],
  ];
  it.each(values)("#if and #unless on %s", (_name, value) => {
    expectSame("{{#if v}}yes{{else}}no{{/if}}|{{#unless v}}un{{else}}less{{/unless}}|{{#if v}}only{{/if}}", { v: value });
  });

  it("on a missing property: false, no error (arguments are not strict)", () => {
    expectSame("{{#if missing}}yes{{else}}no{{/if}}", {});
  });

  it("chains of else if, standalone on their lines", () => {
    const source = "start\n{{#if a}}\nA\n{{else if b}}\nB\n{{else unless c}}\nnot C\n{{else}}\nelse\n{{/if}}\nend\n";
    for (const context of [{ a: 1 }, { b: 1 }, { c: 0 }, { c: 1 }]) expectSame(source, context);
  });

  it("an inverted block ({{^if}})", () => {
    expectSame("{{^if a}}not a{{/if}}", { a: false });
  });
});

describe("compile-to-js: #each", () => {
  const source = "{{#each list}}[{{@index}} {{@key}} {{@first}} {{@last}} {{this}}]{{#unless @last}}, {{/unless}}{{else}}none{{/each}}";
  it.each([
    ["an array", ["a", "b", "c"]],
    ["one item", ["a"]],
    ["an empty array (else)", []],
    ["an object's own keys", { x: 1, y: 2 }],
    ["an empty object (else)", {}],
    ["a Set (an iterable)", new Set(["s", "t"])],
    ["a Map (an iterable of entries)", new Map([["k", "v"]])],
    ["a sparse array", [, "b", , "d"]],
    ["a string (not iterated: else)", "abc"],
    ["a number (else)", 3],
    ["null (else)", null],
    ["false (else)", false],
  ])("over %s", (_name, list) => {
    expectSame(source, { list });
  });

  it("over a missing property: else, no error", () => {
    expectSame("{{#each missing}}x{{else}}none{{/each}}", {});
  });

  it("../ climbs one #each per level, and #if is not a level", () => {
    const context = { name: "root", groups: [{ name: "g1", items: [{ name: "i1" }, { name: "i2" }] }, { name: "g2", items: [] }] };
    expectSame(
      "{{#each groups}}{{#each items}}{{#if name}}{{name}}<{{../name}}<{{../../name}} {{/if}}{{else}}{{name}} empty {{/each}}{{/each}}",
      context,
    );
  });

  it("@root from any depth", () => {
    expectSame("{{#each a}}{{#each this}}{{@root.title}}:{{this}} {{/each}}{{/each}}", { title: "T", a: [[1, 2], [3]] });
  });

  it("@index and @last inside #if within #each are the #each's", () => {
    expectSame("{{#each list}}{{#if this}}{{@index}}{{#if @last}}!{{/if}}{{/if}}{{/each}}", { list: [1, 0, 2] });
  });

  it("nested #each: the inner @index", () => {
    expectSame("{{#each a}}{{#each this}}{{@index}}{{/each}}/{{@index}} {{/each}}", { a: [["x", "y"], ["z"]] });
  });

  it("standalone lines inside and around", () => {
    expectSame("list:\n{{#each list}}\n  - {{name}}\n{{else}}\n  (none)\n{{/each}}\nend\n", { list: [{ name: "a" }, { name: "b" }] });
    expectSame("list:\n{{#each list}}\n  - {{name}}\n{{else}}\n  (none)\n{{/each}}\nend\n", { list: [] });
  });
});

describe("compile-to-js: partials", () => {
  it("a partial with the current context, inside #each", () => {
    expectSame("{{#each list}}{{> item}}{{/each}}", { list: [{ n: 1 }, { n: 2 }] }, { item: "<{{n}}>" });
  });

  it("a partial with a context argument, and @root inside it", () => {
    expectSame("{{#each list}}{{> item @root}}{{/each}}", { title: "T", list: [1, 2] }, { item: "{{title}}/{{@root.title}};" });
  });

  it("a dynamic partial named by concat", () => {
    expectSame('{{#each kinds}}{{> (concat "kinds/" this "/text") @root}}{{/each}}', { kinds: ["a", "b"], v: "V" }, {
      "kinds/a/text": "A{{v}}\n",
      "kinds/b/text": "B{{v}}\n",
    });
  });

  it("a standalone partial indented: each of its lines indented, not the empty one after the last newline", () => {
    const partials = { block: "line 1\n{{#if x}}\nline {{x}}\n{{/if}}\n\nlast\n", inner: "in 1\nin 2\n" };
    expectSame("start\n    {{> block}}\nend\n", { x: 2 }, partials);
    // Indents compose: the inner partial's lines get both.
    expectSame("start\n  {{> outer}}\nend\n", {}, { outer: "o\n  {{> inner}}\no\n", inner: "in 1\nin 2\n" });
  });

  it("a partial in the middle of a line is not indented", () => {
    expectSame("a {{> two}} b\n", {}, { two: "1\n2\n" });
  });

  it("a partial without a trailing newline, standalone", () => {
    expectSame("x\n  {{> p}}\ny\n", {}, { p: "one\ntwo" });
  });

  it("a missing partial: both throw, ours says which and where", () => {
    const message = expectBothThrow('{{> (concat "nope" "")}}', {});
    expect(message).toMatch(/t\.hbs:1:1 .*the partial nope could not be found/);
  });
});

describe("compile-to-js: strict mode", () => {
  it("a printed property that is missing throws, naming the template and the path", () => {
    const message = expectBothThrow("line\n  {{framework.label}}", { framework: { id: "x" } });
    expect(message).toBe('t.hbs:2:5 framework.label: "label" is not defined');
  });

  it("a missing object on the way throws, printed or as an argument", () => {
    expect(expectBothThrow("{{a.b.c}}", {})).toBe('t.hbs:1:3 a.b.c: cannot read "b" of undefined');
    expect(expectBothThrow("{{a.b}}", {})).toBe('t.hbs:1:3 a.b: "b" is not defined');
    expect(expectBothThrow("{{#if a.b}}x{{/if}}", { a: null })).toMatch(/^t\.hbs:1:7 a\.b: cannot read "b" of null/);
  });

  it("a missing top-level property throws", () => {
    expectBothThrow("{{name}}", {});
  });

  it("a property of a string throws when printed", () => {
    expectBothThrow("{{s.x}}", { s: "abc" });
  });

  it("@index and friends are defined inside #each (printed)", () => {
    expectSame("{{#each list}}{{@index}}{{@key}}{{@first}}{{@last}}{{/each}}", { list: ["a"] });
  });
});

describe("compile-to-js: what it refuses at build time", () => {
  it.each([
    ["#with", "{{#with a}}{{b}}{{/with}}", /unsupported: the block \{\{#with\}\}/],
    ["a block named by a property (a section)", "{{#items}}x{{/items}}", /the block \{\{#items\}\}/],
    ["the lookup helper", "{{lookup a b}}", /the helper "lookup"/],
    ["an unknown helper", "{{shout name}}", /the helper "shout"/],
    ["a helper's name alone", "{{eq}}", /\{\{eq\}\}: the name of a helper/],
    ["a built-in helper's name alone", "{{log}}", /\{\{log\}\}: the name of a helper/],
    ["eq with one argument", "{{eq a}}", /eq with 1 arguments/],
    ["block parameters", "{{#each list as |item|}}{{item}}{{/each}}", /block parameters/],
    ["hash arguments", "{{#if a includeZero=true}}x{{/if}}", /other than exactly one argument/],
    ["#if with two arguments", "{{#if a b}}x{{/if}}", /other than exactly one argument/],
    ["#each without an argument", "{{#each}}x{{/each}}", /other than exactly one argument/],
    ["@index outside #each", "{{@index}}", /@index outside \{\{#each\}\}/],
    ["an unknown data variable", "{{#each a}}{{@foo}}{{/each}}", /the data variable @foo/],
    ["@../index", "{{#each a}}{{#each b}}{{@../index}}{{/each}}{{/each}}", /@\.\.\//],
    ["../ above the top", "{{../name}}", /\.\.\/ above the template's top/],
    ["../ above the top inside #if", "{{#if a}}{{../name}}{{/if}}", /\.\.\/ above the template's top/],
    ["a literal as a mustache", '{{"text"}}', /a literal as a mustache/],
    ["a partial block", "{{#> layout}}x{{/layout}}", /PartialBlockStatement/],
    ["a partial with hash arguments", "{{> p a=1}}", /hash arguments/],
    ["a decorator", "{{* deco}}", /Decorator/],
    ["a raw block", "{{{{raw}}}}{{x}}{{{{/raw}}}}", /the block \{\{#raw\}\}/],
    ["a syntax error", "{{#if a}}x", /t\.hbs: Parse error|t\.hbs: .*/],
  ])("%s", (_name, source, message) => {
    expect(refusal(source, { p: "p", layout: "l" })).toMatch(message);
  });

  it("a partial named literally that does not exist", () => {
    expect(refusal("{{> nowhere}}")).toBe("t.hbs: no such partial: nowhere");
  });

  it("names the template, line and column", () => {
    expect(() => compileToJs("ok\n  {{#with a}}{{/with}}", "dir/x.hbs")).toThrow("dir/x.hbs:2:3: unsupported: the block {{#with}}");
  });
});

describe("compile-to-js: what it refuses when rendering, where Handlebars would print something else", () => {
  it("a function in the context (Handlebars would call it)", () => {
    const { ours, theirs } = both("{{f}}", { f: () => "called" });
    expect(theirs.text).toBe("called");
    expect(ours.error).toMatch(/"f" is a function/);
  });

  it("a null item in #each (Handlebars would make it an empty object inside #if)", () => {
    const { ours, theirs } = both("{{#each list}}{{#if true}}[{{this}}]{{/if}}{{/each}}", { list: [null] });
    expect(theirs.text).toBe("[[object Object]]");
    expect(ours.error).toMatch(/an item is null/);
  });
});
