import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { supportedPairs } from "../../support/options.ts";
import { cli, workDir } from "./hostile.ts";

/** Shapes of real credentials; a generated file holding one would leak it into git. */
const secretShapes: [string, RegExp][] = [
  ["an Inngest signing key", /signkey-(?:prod|test|branch)-[0-9a-f]{16,}/],
  ["a long hex secret", /\b[0-9a-f]{40,}\b/],
  ["a Stripe live key", /\b(?:sk|rk)_live_[0-9A-Za-z]{10,}/],
  ["a Stripe webhook secret", /\bwhsec_[0-9A-Za-z]{16,}/],
  ["a private key", /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ["an AWS access key", /\bAKIA[0-9A-Z]{16}\b/],
];

/** Env files that may hold secrets (Workers read .dev.vars): git must ignore every one. */
const secretEnvFiles = (target: string) => [".env", ".env.local", ".env.production", ".env.production.local", ".env.development.local", ...(target === "cloudflare-workers" ? [".dev.vars"] : [])];

describe("secrets: generated projects never hold real keys, and git ignores the files that will", () => {
  it.each(supportedPairs)("$framework on $target", async ({ framework, target }) => {
    const dir = await workDir("secrets");
    const run = await cli(["app", "--framework", framework, "--target", target, "--patterns", "durable-sleep,webhook,ai-pipeline", "--yes", "--no-install", "--no-git"], dir);
    expect(run.exitCode, run.all).toBe(0);
    const project = path.join(dir, "app");
    const git = (...args: string[]) => execFileSync("git", args, { cwd: project, encoding: "utf8" });
    git("init", "-q");
    git("add", "-A");
    const tracked = git("ls-files").trim().split("\n");

    for (const file of tracked) {
      const text = readFileSync(path.join(project, file), "utf8");
      for (const [what, shape] of secretShapes) expect(shape.test(text), `${file} holds ${what}`).toBe(false);
    }
    // The only env files committed: examples, and .env.development with the dev-mode switch alone.
    const trackedEnv = tracked.filter((f) => /(^|\/)\.(env|dev\.vars)/.test(f));
    expect(trackedEnv.filter((f) => !f.endsWith(".example") && f !== ".env.development")).toEqual([]);
    if (trackedEnv.includes(".env.development")) {
      const settings = readFileSync(path.join(project, ".env.development"), "utf8").split("\n").filter((l) => l.trim() && !l.startsWith("#"));
      expect(settings).toEqual(["INNGEST_DEV=1"]);
    }
    // Ignored even before they exist: whoever creates them later is covered.
    const ignored = execFileSync("git", ["check-ignore", "--no-index", ...secretEnvFiles(target)], { cwd: project, encoding: "utf8" }).trim().split("\n");
    expect(ignored).toEqual(secretEnvFiles(target));

    if (target === "self-hosted") {
      // The engine's keys are made for this project, into the git-ignored .env only.
      const env = readFileSync(path.join(project, ".env"), "utf8");
      expect(env).toMatch(/^INNGEST_SIGNING_KEY=signkey-prod-[0-9a-f]{64}$/m);
      expect(tracked).not.toContain(".env");
    } else {
      expect(existsSync(path.join(project, ".env"))).toBe(false);
    }
  });

  it("self-hosted keys differ from one project to the next", async () => {
    const dir = await workDir("secrets");
    const keyOf = async (name: string) => {
      const run = await cli([name, "--framework", "hono", "--target", "self-hosted", "--yes", "--no-install", "--no-git"], dir);
      expect(run.exitCode, run.all).toBe(0);
      return /^INNGEST_SIGNING_KEY=(.+)$/m.exec(readFileSync(path.join(dir, name, ".env"), "utf8"))?.[1];
    };
    const [first, second] = [await keyOf("one"), await keyOf("two")];
    expect(first).toMatch(/^signkey-prod-[0-9a-f]{64}$/);
    expect(second).not.toBe(first);
  });
});
