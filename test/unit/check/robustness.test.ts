import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../../src/check/config.ts";
import { checkProject } from "../../../src/check/run-check.ts";
import { checkFiles, summarise, writeProject } from "../../support/check-project.ts";

const client = `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "app" });\n`;
const badStep = `import { inngest } from "./client.ts";\nexport const f = inngest.createFunction({ id: "f", triggers: [{ event: "a/b" }], retries: 1 }, async ({ step }) => {\n  // inngest-check-ignore-next-line step-id-style\n  await step.run("Step1", () => 1);\n});\nimport { serve } from "inngest/express";\nexport const h = serve({ client: inngest, functions: [f] });\n`;

describe("files check skips or cannot read", () => {
  it("reports a file that does not parse, with its location, and checks the rest", async () => {
    const result = checkProject(
      await writeProject({
        "src/client.ts": client,
        "src/broken.ts": `import { inngest } from "./client.ts";\nexport const x = {\n  a: 1,,\n`,
        "src/f.ts": `import { inngest } from "./client.ts";\nexport const f = inngest.createFunction({ id: "f", retries: 1 }, async ({ step }) => {\n  await step.sleep("Nap", "1m");\n});\n`,
      }),
    );
    expect(summarise(result.findings)).toEqual(["parse-error src/broken.ts:3", "serve-handler-missing src/f.ts:2", "step-id-style src/f.ts:3"]);
    expect(result.findings[0]!.column).toBeGreaterThan(1);
  });

  it("lists a file that does not parse and never names Inngest under skipped, failing nothing", async () => {
    const result = checkProject(
      await writeProject({
        // Words that make check read a file at once (a serve, a send)…
        "src/recovered.ts": "export const x = {\n  a: 1,,\n};\nexport const serve = () => x;\n",
        "src/hopeless.js": "export default function (res) { res.send(\n",
        // …and one read only when check follows an import to it (a serve's functions list).
        "src/lib/broken-list.ts": "export const list = [\n",
        "src/route.ts": `import { Inngest } from "inngest";\nimport { serve } from "inngest/next";\nimport { list } from "./lib/broken-list.ts";\nconst inngest = new Inngest({ id: "a" });\nexport const nightly = inngest.createFunction({ id: "nightly", triggers: [{ cron: "0 1 * * *" }], retries: 1 }, async () => "ok");\nexport const { GET } = serve({ client: inngest, functions: list });\n`,
      }),
    );
    expect(result.findings).toEqual([]);
    expect(result.skipped.map((s) => s.file).sort()).toEqual(["src/hopeless.js", "src/lib/broken-list.ts", "src/recovered.ts"]);
    expect(result.skipped.every((s) => /does not parse \(\d+:\d+ .+\) and does not use Inngest/.test(s.reason))).toBe(true);
  });

  it("a scaffold's template that uses Inngest ({{…}} placeholders, not code until rendered) is skipped, not a parse error", async () => {
    const result = checkProject(
      await writeProject({
        "src/client.ts": client,
        "template/src/inngest/client.ts": `import { Inngest } from "inngest";\nexport const inngest = new Inngest({ id: "{{name}}", eventKey: env.{{upper name}}_EVENT_KEY });\n`,
        "src/f.ts": badStep,
      }),
    );
    expect(result.findings.map((f) => f.ruleId)).not.toContain("parse-error");
    expect(result.skipped).toEqual([{ file: "template/src/inngest/client.ts", reason: expect.stringMatching(/^does not parse \(2:\d+ .+\) and holds template placeholders/) }]);
  });

  it("parses what TypeScript accepts: import attributes with `assert` and `with`, accessor fields, import defer", async () => {
    const findings = await checkFiles({
      "src/data.json": `{ "plan": "pro" }`,
      "src/old-attributes.ts": `import { Inngest } from "inngest";\nimport data from "./data.json" assert { type: "json" };\nexport const inngest = new Inngest({ id: data.plan });\n`,
      "src/new-attributes.mts": `import data from "./data.json" with { type: "json" };\nexport const inngestPlan = data.plan;\n`,
      "src/accessor.ts": `export class InngestSettings {\n  accessor retries = 3;\n}\n`,
      "src/defer.ts": `import defer * as inngestHeavy from "./accessor.ts";\nexport const later = () => inngestHeavy;\n`,
    });
    expect(findings).toEqual([]);
  });

  it("keeps JSX on for .tsx and off for .ts (where <T> is a cast)", async () => {
    const findings = await checkFiles({
      "src/cast.ts": "const n = <number>(1 as unknown);\nexport default n;\n",
      "src/view.tsx": "export const View = () => <div>{1}</div>;\n",
      "src/plain.jsx": "export const V = () => <p />;\n",
    });
    expect(findings).toEqual([]);
  });

  it("skips node_modules, build output, declaration files and tests", async () => {
    const bad = `import { Inngest } from "inngest";\nconst c = new Inngest({ id: "x" });\nexport const f = c.createFunction({ id: "f" }, async () => {});\n`;
    const findings = await checkFiles({
      "node_modules/pkg/index.js": bad,
      ".next/server/a.js": bad,
      "dist/a.js": bad,
      "build/a.js": bad,
      ".svelte-kit/a.js": bad,
      ".react-router/a.ts": bad,
      "coverage/a.js": bad,
      "src/types.d.ts": "export declare const x: number;\n",
      "src/f.test.ts": bad,
      "src/__tests__/g.ts": bad,
    });
    expect(findings).toEqual([]);
  });

  it("skips binary and huge files with a note, and notes a symlink loop and a dangling link", async () => {
    const root = await writeProject({ "src/client.ts": client });
    writeFileSync(path.join(root, "src", "image.ts"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
    writeFileSync(path.join(root, "src", "huge.js"), `export const s = "${"x".repeat(1_100_000)}";\n`);
    mkdirSync(path.join(root, "src", "nested"));
    symlinkSync(path.join(root, "src"), path.join(root, "src", "nested", "loop"));
    symlinkSync(path.join(root, "missing"), path.join(root, "src", "dangling.ts"));
    const result = checkProject(root);
    expect(result.findings).toEqual([]);
    expect(result.skipped.map((s) => s.file).sort()).toEqual(["src/dangling.ts", "src/huge.js", "src/image.ts", "src/nested/loop"]);
    expect(result.skipped.find((s) => s.file === "src/nested/loop")?.reason).toBe("symbolic link to a folder that contains it (a loop): not followed");
    expect(result.skipped.find((s) => s.file === "src/huge.js")?.reason).toMatch(/larger than 1 MB/);
    expect(result.filesChecked).toBe(1);
  });

  it("skips code nested deeper than the parser's stack, with a note", async () => {
    const result = checkProject(await writeProject({ "src/deep.ts": `export const inngestFixture = ${"[".repeat(30000)}${"]".repeat(30000)};\n`, "src/ok.ts": "export const y = 1;\n" }));
    expect(result.findings).toEqual([]);
    expect(result.skipped).toEqual([{ file: "src/deep.ts", reason: expect.stringContaining("nested too deeply") }]);
    expect(result.filesChecked).toBe(1);
  });
});

it("survives self-referencing code (a TDZ error at run time) without looping", async () => {
  const findings = await checkFiles({
    "src/client.ts": client,
    "src/f.ts": `import { inngest } from "./client.ts";\nexport const f = inngest.createFunction({ id: "f", retries: 1 }, async ({ step }) => {\n  const a = a * 2;\n  const b = b;\n  await step.sleep("nap-time", a);\n  await Promise.race([b]);\n});\nexport const fns = [...fns, f];\nimport { serve } from "inngest/express";\nexport const h = serve({ client: inngest, functions: fns });\n`,
  });
  expect(summarise(findings)).toEqual([]);
});

describe("silencing and re-levelling rules", () => {
  it("silences a finding with an ignore comment naming its rule, and only that rule", async () => {
    const findings = await checkFiles({ "src/client.ts": client, "src/f.ts": badStep });
    expect(summarise(findings)).toEqual(["untyped-event src/f.ts:2"]);
  });

  it("silences the next line entirely without rule ids, and reports unknown rule ids", async () => {
    const source = badStep
      .replace("// inngest-check-ignore-next-line step-id-style\n", "/* inngest-check-ignore-next-line */\n")
      .replace('export const f =', "// inngest-check-ignore-next-line no-such-rule, untyped-event -- legacy trigger\nexport const f =");
    const findings = await checkFiles({ "src/client.ts": client, "src/f.ts": source });
    expect(summarise(findings)).toEqual(["unknown-ignore-rule src/f.ts:2"]);
    const misspelt = await checkFiles({ "src/client.ts": client, "src/f.ts": badStep.replace("ignore-next-line step-id-style", "ignore-next-line step-id-styel") });
    expect(misspelt.map((f) => f.message)).toContain('Unknown rule "step-id-styel" in an inngest-check-ignore-next-line comment (did you mean "step-id-style"?).');
  });

  it("turns rules off and re-levels them from inngest-check.json or package.json", async () => {
    const root = await writeProject({
      "src/client.ts": client,
      "src/f.ts": badStep.replace("  // inngest-check-ignore-next-line step-id-style\n", ""),
      "inngest-check.json": `{\n  // JSONC\n  "rules": { "untyped-event": "off", "step-id-style": "critical" }\n}\n`,
    });
    const findings = checkProject(root, loadConfig(root)).findings;
    expect(findings.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(["step-id-style critical"]);

    const viaPackage = await writeProject({
      "package.json": JSON.stringify({ name: "x", inngestCheck: { rules: { "untyped-event": "off" } } }),
      "src/client.ts": client,
      "src/f.ts": badStep,
    });
    expect(checkProject(viaPackage, loadConfig(viaPackage)).findings).toEqual([]);
  });

  it("refuses a config with an unknown rule or level, as a usage error", async () => {
    const unknownRule = await writeProject({ "inngest-check.json": `{ "rules": { "no-such-rule": "off" } }` });
    expect(() => loadConfig(unknownRule)).toThrow(/unknown rule "no-such-rule"/);
    const badLevel = await writeProject({ "inngest-check.json": `{ "rules": { "step-id-style": "loud" } }` });
    expect(() => loadConfig(badLevel)).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
