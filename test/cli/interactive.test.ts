import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { chmodSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { frameworks } from "../../src/catalogue/frameworks.ts";
import { satisfiesMinimum } from "../../src/install/node-version.ts";
import { tempDir } from "../support/project.ts";
import { keys, runInTerminal } from "../support/terminal.ts";

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  for (const start = Date.now(); !condition(); await new Promise((r) => setTimeout(r, 25))) {
    if (Date.now() - start > timeoutMs) throw new Error("the screen never showed what was awaited");
  }
}

describe("the interactive flow", () => {
  it("asks each question, creates the project and prints the next steps", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal([], dir);
    await term.expect("Where should the project go?");
    term.type("shop", keys.enter);
    await term.expect("Which framework?");
    term.type(keys.down, keys.enter); // Express
    await term.expect("Where will you deploy it?");
    // A target that does not fit is shown as unavailable, with the reason; the default says why it is one.
    await term.expect("Cloudflare Workers (not for Express: Express needs Node's HTTP server, which Workers does not provide)");
    expect(term.screen()).toContain("Railway is the default for Express: a container built from the generated Dockerfile");
    expect(term.screen()).toContain("Decide later");
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

  it("fits 80 columns: a usage error wraps under its message in a terminal", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["app", "--framework", "nxt", "--patterns", "sleep"], dir, {}, 80);
    expect(await term.exited).toBe(2);
    const lines = term.screen().split(/\r?\n|\r/).filter(Boolean);
    expect(lines.filter((line) => line.length > 80), term.screen()).toEqual([]);
    const at = lines.findIndex((line) => line.startsWith('error: Unknown framework "nxt". Valid values:'));
    expect(at, term.screen()).toBeGreaterThan(-1);
    expect(lines[at + 1]).toMatch(/^ {2}\S/);
    expect(term.screen()).toContain("(Did you mean next?)");
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

  it("shows a framework the given target does not fit as unavailable, with the reason", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["edge", "--target", "cloudflare-workers"], dir);
    await term.expect("Which framework?");
    await term.expect("Express (not on Cloudflare Workers: Express needs Node's HTTP server, which Workers does not provide)");
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(readdirSync(dir)).toEqual([]);
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

  it("checks a named folder at once: a non-empty one offers another name, writing into it, or cancel", async () => {
    const dir = await tempDir("tty");
    mkdirSync(path.join(dir, "taken"));
    writeFileSync(path.join(dir, "taken", "notes.md"), "mine\n");

    // Named as the argument: asked before any other question.
    const cancelled = runInTerminal(["taken"], dir);
    await cancelled.expect("taken is not empty: notes.md. What now?");
    expect(cancelled.screen()).not.toContain("Which framework?");
    cancelled.type(keys.down, keys.down, keys.enter); // Cancel
    expect(await cancelled.exited).toBe(130);
    expect(readdirSync(path.join(dir, "taken"))).toEqual(["notes.md"]);

    // Typed at the prompt: "Pick another folder" asks again, and the new name is used.
    const renamed = runInTerminal([], dir);
    await renamed.expect("Where should the project go?");
    renamed.type("taken", keys.enter);
    await renamed.expect("Pick another folder");
    renamed.type(keys.enter);
    await until(() => renamed.screen().split("Where should the project go?").length > 3); // asked again

    renamed.type("fresh", keys.enter);
    await renamed.expect("Which framework?");
    renamed.type(keys.ctrlC);
    expect(await renamed.exited).toBe(130);

    // Writing into it: says what that keeps, keeps the user's file, and the replay command carries --overwrite.
    const overwritten = runInTerminal(["taken", "--framework", "hono", "--target", "railway", "--patterns", "durable-sleep", "--no-install", "--no-git"], dir);
    await overwritten.expect("What now?");
    overwritten.type(keys.down);
    await overwritten.expect("files of the same name are replaced, the others are kept");
    overwritten.type(keys.enter);
    expect(await overwritten.exited).toBe(0);
    expect(readFileSync(path.join(dir, "taken", "notes.md"), "utf8")).toBe("mine\n");
    expect(existsSync(path.join(dir, "taken", "src", "app.ts"))).toBe(true);
    expect(overwritten.screen()).toContain("--no-git --overwrite");
  });

  it("shows each framework's Node need in its hint and, on a Node too old, skips the install and says so before writing", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["kit", "--patterns", "durable-sleep", "--no-git"], dir);
    await term.expect("Which framework?");
    await term.expect("Node 20.9+"); // Next.js, focused first
    term.type(keys.down, keys.down, keys.down, keys.down); // SvelteKit
    const tooOld = !satisfiesMinimum(process.versions.node, frameworks.sveltekit.minNode);
    await term.expect(tooOld ? `Node 22.17+, you have ${process.versions.node}` : "· Node 22.17+");
    term.type(keys.enter);
    await term.expect("Where will you deploy it?");
    expect(term.screen()).toContain("Railway is the default for SvelteKit");
    term.type(keys.enter); // Railway: SvelteKit 3
    if (!tooOld) {
      term.type(keys.ctrlC);
      expect(await term.exited).toBe(130);
      return;
    }
    expect(await term.exited).toBe(0);
    const screen = term.screen();
    expect(screen).not.toContain("Install dependencies?");
    const warning = screen.indexOf(`SvelteKit needs Node 22.17.0 or newer; this is Node ${process.versions.node}. The install is skipped`);
    expect(warning).toBeGreaterThan(-1);
    expect(warning).toBeLessThan(screen.indexOf("Writing"));
    expect(existsSync(path.join(dir, "kit", "node_modules"))).toBe(false);
  });

  it("decide later: writes no deploy config and says how to add one", async () => {
    const dir = await tempDir("tty");
    const term = runInTerminal(["later", "--framework", "hono", "--patterns", "durable-sleep", "--no-install", "--no-git"], dir);
    await term.expect("Where will you deploy it?");
    term.type(keys.down.repeat(4)); // from Railway, the default, to the last
    await term.expect("Decide later (no deploy config yet; `add --target` adds one later)");
    term.type(keys.enter);
    expect(await term.exited).toBe(0);
    expect(term.screen()).toContain("npx create-inngest-app@latest add --target vercel");
    expect(term.screen()).toContain("--target none");
    expect(readdirSync(path.join(dir, "later")).filter((f) => /Dockerfile|railway|fly|wrangler|vercel|netlify/.test(f))).toEqual([]);
  });

  it("install and start now: installs, then runs the dev script in the foreground; the outro links the docs", async () => {
    const dir = await tempDir("tty");
    // A stand-in npm: installs instantly, and its `run dev` says so and waits like a dev server.
    const bin = path.join(dir, "bin");
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, "npm"),
      '#!/bin/sh\nif [ "$1" = run ]; then echo "dev server up in $(basename "$PWD")"; trap "exit 130" INT; while :; do sleep 0.1; done; fi\nmkdir -p node_modules\n',
    );
    chmodSync(path.join(bin, "npm"), 0o755);
    const term = runInTerminal(["now", "--framework", "hono", "--target", "railway", "--patterns", "durable-sleep", "--pm", "npm", "--no-git"], dir, {
      PATH: `${bin}:${process.env.PATH}`,
    });
    await term.expect("Install dependencies?");
    term.type("y");
    await term.expect("Start the dev server here once it is installed?");
    term.type("y");
    await term.expect("Docs: https://www.inngest.com/docs");
    await term.expect("dev server up in now");
    term.type(keys.ctrlC);
    expect(await term.exited).toBe(130);
    expect(existsSync(path.join(dir, "now", "node_modules"))).toBe(true);
  });

  it("add --target: a move to a previous major is said, and the question defaults to no", async () => {
    const dir = await tempDir("tty-add-target");
    const made = runInTerminal(["kit", "--framework", "sveltekit", "--target", "none", "--patterns", "durable-sleep", "--no-install", "--no-git", "--yes"], dir);
    expect(await made.exited).toBe(0);
    const root = path.join(dir, "kit");
    const before = readFileSync(path.join(root, "package.json"), "utf8");
    const term = runInTerminal(["add", "--target", "netlify", "--no-install"], root);
    await term.expect("this project moves from SvelteKit 3 to SvelteKit 2");
    await term.expect("and move to SvelteKit 2?");
    term.type(keys.enter); // the default: no
    expect(await term.exited).toBe(130);
    expect(readFileSync(path.join(root, "package.json"), "utf8")).toBe(before);
    expect(existsSync(path.join(root, "netlify.toml"))).toBe(false);
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
