import { describe, expect, it } from "vitest";
import { installEnv } from "../../src/install/package-manager.ts";
import { outputOf, run, succeeds } from "../../src/install/run.ts";

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

  it("runs with what the install needs in its environment, beside ours", async () => {
    const result = await run("sh", ["-c", 'echo "$YARN_ENABLE_IMMUTABLE_INSTALLS $HOME"'], process.cwd(), false, undefined, undefined, installEnv("yarn"));
    expect(result.outputTail).toBe(`false ${process.env.HOME}`);
  });

  it("a command that is not installed says so", async () => {
    expect(await run("no-such-package-manager-here", [], process.cwd(), false)).toMatchObject({ ok: false, startError: "no-such-package-manager-here was not found on PATH" });
  });
});

describe("run: passing a stop on", () => {
  const stopped = (reason: string) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(reason), 300);
    return controller.signal;
  };

  it.each(["SIGINT", "SIGTERM"] as const)("an abort for %s sends that signal to the command", async (name) => {
    // The command reports which signal reached it, then ends as a package manager would.
    const script = `trap 'echo got INT; exit 130' INT; trap 'echo got TERM; exit 143' TERM; echo started; while :; do sleep 0.05; done`;
    const result = await run("sh", ["-c", script], process.cwd(), false, stopped(name));
    expect(result).toMatchObject({ ok: false, interrupted: name });
    expect(result.outputTail).toContain(`got ${name.slice(3)}`);
  });

  it("a command that ignores SIGINT is ended all the same", async () => {
    const started = Date.now();
    const result = await run("sh", ["-c", "trap '' INT; echo started; while :; do sleep 0.05; done"], process.cwd(), false, stopped("SIGINT"), 200);
    expect(result).toMatchObject({ ok: false, interrupted: "SIGINT" });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("names the command line, quoted, to put in a message", async () => {
    const result = await run("sh", ["-c", "exit 3", "two words"], process.cwd(), false);
    expect(result).toMatchObject({ ok: false, commandLine: "sh -c 'exit 3' 'two words'" });
  });

  it("keeps only the last lines of a long output", async () => {
    const result = await run("sh", ["-c", "seq 1 100; exit 1"], process.cwd(), false);
    expect(result.outputTail.split("\n")).toEqual(Array.from({ length: 40 }, (_, i) => String(61 + i)));
  });
});

describe("succeeds and outputOf: short commands", () => {
  it("tells a zero exit from others and a missing command", () => {
    expect(succeeds("sh", ["-c", "exit 0"])).toBe(true);
    expect(succeeds("sh", ["-c", "exit 1"])).toBe(false);
    expect(succeeds("no-such-command-here", [])).toBe(false);
  });

  it("returns stdout only on success", () => {
    expect(outputOf("sh", ["-c", "echo ' M file'"])).toBe(" M file");
    expect(outputOf("sh", ["-c", "echo out; exit 2"])).toBeUndefined();
  });
});
