import { describe, expect, it } from "vitest";
import { frameworkIds } from "../../src/catalogue/frameworks.ts";
import { patternIds, patterns } from "../../src/catalogue/patterns.ts";
import { targetIds, targets } from "../../src/catalogue/targets.ts";
import { runCli, tempDir, userEnv } from "../support/project.ts";

const list = async (args: string[]) => runCli(["list", ...args], { cwd: await tempDir("list"), env: userEnv({ ...process.env, NO_COLOR: "1" }) });

describe("create-inngest-app list", () => {
  it("prints every framework, target and pattern with its hint", async () => {
    const { exitCode, stdout, stderr } = await list([]);
    expect(exitCode, stderr).toBe(0);
    for (const id of [...frameworkIds, ...targetIds, ...patternIds]) expect(stdout).toMatch(new RegExp(`^  ${id} `, "m"));
    // The text as one line: entries wrap to the terminal's width.
    const flat = stdout.replace(/\s+/g, " ");
    for (const pattern of Object.values(patterns)) expect(flat).toContain(pattern.hint);
    expect(flat).toMatch(/durable-sleep .*\(default\)/);
    // Pairs on a previous major say which, from both sides of the matrix.
    expect(flat).toContain(" frameworks: next, express, hono, remix (as React Router 7), sveltekit (as SvelteKit 2) ");
    expect(flat).toMatch(/targets: vercel \(as SvelteKit 2\), netlify \(as SvelteKit 2\), railway, fly-io, cloudflare-workers \(as SvelteKit 2\), self-hosted/);
  });

  it("fits 80 columns when the width is unknown (a pipe), each entry's text wrapped beside its id", async () => {
    const { stdout } = await list([]);
    const lines = stdout.split("\n");
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    // Continuations line up under the text, not under the id.
    for (const line of lines.filter((l) => l.startsWith("   "))) expect(line).toMatch(/^ {22}\S/);
  });

  it("prints the catalogue as JSON for tools, and nothing else on stdout", async () => {
    const { exitCode, stdout } = await list(["--json"]);
    expect(exitCode).toBe(0);
    const catalogue = JSON.parse(stdout);
    expect(catalogue.frameworks.map((f: { id: string }) => f.id)).toEqual(frameworkIds);
    expect(catalogue.targets.map((t: { id: string }) => t.id)).toEqual(targetIds);
    expect(catalogue.patterns.map((p: { id: string }) => p.id)).toEqual(patternIds);
    expect(catalogue.patterns.find((p: { id: string }) => p.id === "multi-step")).toMatchObject({ functionCount: 2, startsOn: "event shop/order.placed" });
    expect(catalogue.patterns.find((p: { id: string }) => p.id === "webhook").env).toEqual(["STRIPE_WEBHOOK_SECRET"]);
    // Where a target generates a framework's previous major, and why.
    const previousMajors = Object.fromEntries(catalogue.targets.map((t: { id: string; previousMajors: object }) => [t.id, t.previousMajors]));
    expect(Object.keys(previousMajors.vercel)).toEqual(["remix", "sveltekit"]);
    expect(previousMajors.vercel.sveltekit).toMatchObject({ major: "SvelteKit 2", minNode: "20.19.0", reason: expect.stringContaining("adapter-vercel") });
    expect(previousMajors["cloudflare-workers"].sveltekit).toMatchObject({ major: "SvelteKit 2", minNode: "22.12.0", reason: expect.stringContaining("adapter-cloudflare") });
    expect(previousMajors.railway).toEqual({});
    // "Decide later" is a target of every framework, with no deploy config to describe.
    expect(catalogue.targets.find((t: { id: string }) => t.id === "none")).toMatchObject({ label: "Decide later", frameworks: frameworkIds, previousMajors: {} });
    expect(catalogue.frameworks.find((f: { id: string }) => f.id === "hono")).toMatchObject({ defaultTarget: "railway", defaultTargetReason: expect.stringContaining("Dockerfile") });
    // The framework × target matrix reads the same from both sides.
    for (const framework of catalogue.frameworks) {
      for (const target of framework.targets) expect(targets[target as keyof typeof targets].supports).toContain(framework.id);
    }
  });

  it("rejects arguments it does not take", async () => {
    const { exitCode, stderr } = await list(["patterns"]);
    expect(exitCode).toBe(2);
    expect(stderr).toContain("too many arguments for 'list'");
  });
});
