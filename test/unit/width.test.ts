import { describe, expect, it } from "vitest";
import { formatSteps } from "../../src/commands/create.ts";
import { shellComment, visibleWidth, wrapCommand, wrapText } from "../../src/ui/width.ts";

describe("fitting the terminal's width", () => {
  it("wraps text at word boundaries, keeping a line's indentation and a hanging indent", () => {
    expect(wrapText("one two three four five", 9)).toBe("one two\nthree\nfour five");
    expect(wrapText("  one two three", 9, 2)).toBe("  one two\n    three");
    // A word longer than the width stays whole.
    expect(wrapText("see https://example.com/a/very/long/path ok", 12)).toBe("see\nhttps://example.com/a/very/long/path\nok");
    expect(visibleWidth("\u001b[2mdim\u001b[22m")).toBe(3);
  });

  it("keeps every line of a wrapped comment a comment", () => {
    const lines = shellComment("in a second terminal, the Inngest dev server on http://localhost:8288 (or: npm run dev:inngest)", 40);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) {
      expect(line).toMatch(/^# /);
      expect(line.length).toBeLessThanOrEqual(40);
    }
  });

  it("breaks a long command between words with a trailing backslash, flags kept with their values, quoted words whole", () => {
    const command = "npx create-inngest-app@latest 'my dir/app' --framework hono --target fly-io --patterns webhook,multi-step --no-git --yes";
    const lines = wrapCommand(command, 40);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
    expect(lines.slice(0, -1).every((line) => line.endsWith(" \\"))).toBe(true);
    expect(lines.at(-1)).not.toMatch(/\\$/);
    expect(lines.some((line) => /--target fly-io/.test(line))).toBe(true);
    expect(lines.some((line) => line.includes("'my dir/app'"))).toBe(true);
    // What the shell reads back: the same words.
    expect(lines.map((line) => line.replace(/ \\$/, "").trim()).join(" ")).toBe(command);
    expect(wrapCommand("npm run dev", 40)).toEqual(["npm run dev"]);
  });

  it("formats next steps so that a pasted block runs only the commands, at 80 columns and narrower", () => {
    const steps = [
      { command: "cd 'my app'" },
      { command: "npm run dev", why: "the app, on http://localhost:3000 (your local secrets go in .env.local)" },
      { command: "npx --yes inngest-cli@latest dev -u http://localhost:3000/api/inngest", why: "in a second terminal, the Inngest dev server on http://localhost:8288 (or: npm run dev:inngest)" },
    ];
    for (const width of [74, 50]) {
      const lines = formatSteps(steps, width).map((line) => line.replace(/\u001b\[[0-9;]*m/g, ""));
      for (const line of lines) {
        expect(line.length, line).toBeLessThanOrEqual(width);
        expect(line).toMatch(/^(# |cd |npm |npx |  -u |-u )/);
      }
    }
  });
});

describe("the plain reporter at a width", () => {
  it("wraps a long message between words, continuations under the text, the message's own lines as they are", async () => {
    const { plainReporter } = await import("../../src/ui/reporter.ts");
    let out = "";
    const report = plainReporter({ write: (text) => (out += text) }, 40);
    report.warn("Installing dependencies failed: the registry could not be reached at all\nThe project is in place. To finish, run:\n  npm install");
    const lines = out.replace(/\u001b\[[0-9;]*m/g, "").trimEnd().split("\n");
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(40);
    expect(lines[0]).toMatch(/^▲ Installing dependencies failed: the$/);
    expect(lines[1]).toMatch(/^ {2}registry/);
    expect(lines.slice(-2)).toEqual(["The project is in place. To finish, run:", "  npm install"]);
  });
});
