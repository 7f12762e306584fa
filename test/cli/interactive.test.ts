import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { tempDir } from "../support/project.ts";
import { keys, runInTerminal } from "../support/terminal.ts";

describe("the interactive flow", () => {
  it("asks each question, creates the project and prints the next steps", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal([], dir);
    await term.expect("Where should the project go?");
    term.type("shop", keys.enter);
    await term.expect("Which framework?");
    term.type(keys.down, keys.enter); // Express
    await term.expect("Where will you deploy it?");
    expect(term.screen()).not.toContain("Cloudflare Workers"); // only targets that fit Express are offered
    term.type(keys.enter);
    await term.expect("Which patterns should it start with?");
    expect(term.screen()).toContain("welcome drip");
    term.type(keys.enter);
    await term.expect("Install dependencies?");
    term.type("n");
    await term.expect("Initialise a git repository?");
    term.type("n");
    expect(await term.exited).toBe(0);

    const screen = term.screen();
    expect(screen).toContain("Next steps");
    expect(screen).toContain("npm run dev:inngest");
    // Only what differs from the defaults, and --yes for the rest.
    expect(screen).toContain("npx create-inngest-app@latest shop --framework express --no-install --no-git --yes");
    expect(JSON.parse(readFileSync(path.join(dir, "shop", "package.json"), "utf8")).dependencies).toHaveProperty("express");
  });

  it("fits 80 columns: next steps paste as commands and comments, the replay command breaks with \\", async () => {
    const dir = await tempDir("tty");
    const args = ["'a dir/billing-service-for-the-shop'", "--framework", "hono", "--target", "fly-io", "--patterns", "webhook,multi-step,ai-pipeline", "--app-id", "billing", "--no-install", "--no-git"];
    const term = runInTerminal(args, dir, {}, 80);
    expect(await term.exited).toBe(0);
    const lines = term.screen().split(/\r?\n|\r/);
    const tooWide = lines.filter((line) => line.length > 80);
    expect(tooWide, term.screen()).toEqual([]);

    // Inside the "Next steps" frame, every line is a comment or a command (or a command's continuation).
    const start = lines.findIndex((line) => line.includes("Next steps"));
    const end = lines.findIndex((line, i) => i > start && /^[├└]/.test(line));
    const inside = lines.slice(start + 1, end).map((line) => line.replace(/^│\s{2}/, "").replace(/\s*│$/, "")).filter(Boolean);
    expect(inside.length).toBeGreaterThan(5);
    for (const line of inside) expect(line, term.screen()).toMatch(/^(# |cd |npm |npx |curl )/);
    expect(inside).toContain("npx --yes inngest-cli@latest dev -u http://localhost:3000/api/inngest");

    // The replay command, broken between words with a trailing backslash, reads back as one command.
    const replayAt = lines.findIndex((line) => line.includes("Same project, without questions"));
    const replay = [];
    for (const line of lines.slice(replayAt + 1)) {
      const text = line.replace(/^│\s+/, "").trim();
      replay.push(text.replace(/\s*\\$/, ""));
      if (!text.endsWith("\\")) break;
    }
    expect(replay.length).toBeGreaterThan(1);
    expect(replay.join(" ")).toBe(
      "npx create-inngest-app@latest 'a dir/billing-service-for-the-shop' --framework hono --target fly-io --patterns webhook,multi-step,ai-pipeline --app-id billing --no-install --no-git --yes",
    );
  });

  it("names the previous major in a target's hint where the pair generates it", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["kit", "--framework", "sveltekit"], dir);
    await term.expect("Where will you deploy it?");
    expect(term.screen()).not.toContain("generates SvelteKit 2"); // Railway, the default, generates SvelteKit 3
    term.type(keys.down, keys.down); // Fly.io, then Cloudflare Workers
    await term.expect("edge functions on Workers · generates SvelteKit 2");
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("asks only what the flags left open", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["api", "--framework", "hono", "--target", "fly-io", "--patterns", "durable-sleep", "--no-git"], dir);
    await term.expect("Install dependencies?");
    const screen = term.screen();
    expect(screen).not.toContain("Where should the project go?");
    expect(screen).not.toContain("Which framework?");
    term.type("n");
    expect(await term.exited).toBe(0);
    expect(existsSync(path.join(dir, "api", "src", "app.ts"))).toBe(true);
  });

  it("explains an invalid name at the prompt and lets the user fix it", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal([], dir);
    await term.expect("Where should the project go?");
    term.type("My App", keys.enter);
    await term.expect('Try "my-app"');
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
  });

  it.each([
    ["the directory", "Where should the project go?"],
    ["the framework", "Which framework?"],
    ["the patterns", "Which patterns should it start with?"],
    ["install", "Install dependencies?"],
  ])("cancels cleanly with Ctrl-C at %s: a message, a non-zero exit, nothing on disk", async (_, question) => {
    const dir = await tempDir("tty");
    const term = runInTerminal([], dir);
    const answers = ["cancelled-app" + keys.enter, keys.enter, keys.enter, keys.enter];
    for (const [index, prompt] of ["Where should the project go?", "Which framework?", "Where will you deploy it?", "Which patterns should it start with?", "Install dependencies?"].entries()) {
      await term.expect(prompt);
      if (prompt === question) break;
      term.type(answers[index] ?? keys.enter);
    }
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(term.screen()).toContain("Cancelled: nothing was created.");
    expect(readdirSync(dir)).toEqual([]);
  });

  it("add: asks which patterns, shows the plan, applies it only when confirmed", async () => {
    const dir = await tempDir("tty-add");
    writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "api", dependencies: { hono: "^4.0.0" }, devDependencies: { typescript: "^5.9.0" } }));
    writeFileSync(path.join(dir, "tsconfig.json"), "{}");
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "src/index.ts"), 'import { Hono } from "hono";\nexport const app = new Hono();\n');

    const declined = runInTerminal(["add", "--no-install"], dir);
    await declined.expect("Which patterns?");
    declined.type(keys.space, keys.enter); // the first: durable sleep
    await declined.expect("Apply these");
    expect(declined.screen()).toContain("create   src/inngest/functions/welcome-drip.ts");
    declined.type("n", keys.enter);
    expect(await declined.exited).toBe(130);
    expect(existsSync(path.join(dir, "src/inngest"))).toBe(false);

    const accepted = runInTerminal(["add", "webhook", "--no-install"], dir);
    await accepted.expect("Apply these");
    accepted.type("y", keys.enter);
    expect(await accepted.exited).toBe(0);
    expect(readFileSync(path.join(dir, "src/index.ts"), "utf8")).toContain('app.post("/api/webhooks/stripe"');
  });

  it("add at a workspace root with --framework: asks which package of that framework, and writes only there", async () => {
    const dir = await tempDir("tty-add-mono");
    const write = (relative: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
      writeFileSync(path.join(dir, relative), text);
    };
    write("package.json", JSON.stringify({ name: "mono", private: true, workspaces: ["apps/*"], devDependencies: { typescript: "^5.9.0" } }));
    write("tsconfig.json", "{}");
    write("apps/api/package.json", JSON.stringify({ name: "api", dependencies: { hono: "^4.0.0" } }));
    write("apps/api/src/index.ts", 'import { Hono } from "hono";\nexport const app = new Hono();\n');
    write("apps/edge/package.json", JSON.stringify({ name: "edge", dependencies: { hono: "^4.0.0" } }));
    write("apps/edge/src/index.ts", 'import { Hono } from "hono";\nexport const app = new Hono();\n');
    write("apps/site/package.json", JSON.stringify({ name: "site", dependencies: { next: "^16.0.0" } }));

    const session = runInTerminal(["add", "durable-sleep", "--framework", "hono", "--no-install"], dir);
    await session.expect("This is a workspace root. Which app?");
    expect(session.screen()).toContain("apps/edge");
    expect(session.screen()).not.toContain("apps/site");
    session.type(keys.down, keys.enter); // the second: apps/edge
    await session.expect("Apply these");
    session.type("y", keys.enter);
    expect(await session.exited).toBe(0);
    expect(existsSync(path.join(dir, "apps/edge/src/inngest/client.ts"))).toBe(true);
    expect(existsSync(path.join(dir, "apps/api/src/inngest"))).toBe(false);
    expect(existsSync(path.join(dir, "src"))).toBe(false);
    expect(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")).dependencies).toBeUndefined();
  });
});
