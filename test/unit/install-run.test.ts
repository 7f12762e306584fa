import { describe, expect, it } from "vitest";
import { run } from "../../src/install/run.ts";

describe("run: how a package manager's end is read", () => {
  it("a command that succeeds is ok", async () => {
    expect(await run("sh", ["-c", "echo done"], process.cwd(), false)).toMatchObject({ ok: true, outputTail: "done" });
  });

  it("a failing command keeps its last output", async () => {
    const result = await run("sh", ["-c", "echo broken >&2; exit 1"], process.cwd(), false);
    expect(result).toMatchObject({ ok: false, outputTail: "broken" });
    expect(result.interrupted).toBeUndefined();
  });

  // Ctrl-C in a terminal reaches the package manager too, and it may end before our own handler runs.
  it.each([
    ["killed by SIGINT", "kill -INT $$", "SIGINT"],
    ["killed by SIGTERM", "kill -TERM $$", "SIGTERM"],
    ["exiting 130 after its own Ctrl-C handling", "exit 130", "SIGINT"],
  ] as const)("a command %s counts as stopped, not failed", async (_, script, signal) => {
    expect(await run("sh", ["-c", script], process.cwd(), false)).toMatchObject({ ok: false, interrupted: signal });
  });

  it("a command that is not installed says so", async () => {
    expect(await run("no-such-package-manager-here", [], process.cwd(), false)).toMatchObject({ ok: false, startError: "no-such-package-manager-here was not found on PATH" });
  });
});
