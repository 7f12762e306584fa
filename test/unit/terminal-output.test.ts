import { execFileSync, spawnSync, type StdioOptions } from "node:child_process";
import { closeSync, mkdtempSync, openSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { beforeAll, describe, expect, it } from "vitest";

/**
 * The output helpers run in a child Node, where the test decides what fds 0–2 are. They are
 * bundled from the source first: the child cannot import TypeScript.
 */
const scratch = mkdtempSync(path.join(os.tmpdir(), "cia-output-"));
const helpers = path.join(scratch, "helpers.cjs");

beforeAll(async () => {
  const entry = path.join(scratch, "entry.ts");
  const src = path.resolve("src/ui");
  writeFileSync(
    entry,
    [`export { isTerminal } from ${JSON.stringify(`${src}/terminal.ts`)};`, `export { stdout, stderr } from ${JSON.stringify(`${src}/output.ts`)};`].join("\n"),
  );
  await build({ entryPoints: [entry], bundle: true, platform: "node", format: "cjs", outfile: helpers, logLevel: "warning" });
});

function child(script: string, options: { env?: NodeJS.ProcessEnv; stdio?: StdioOptions } = {}) {
  return spawnSync(process.execPath, ["-e", `const h = require(${JSON.stringify(helpers)});\n${script}`], {
    env: { PATH: process.env.PATH, ...options.env },
    stdio: options.stdio ?? "pipe",
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe("isTerminal", () => {
  // That it does so without loading node:tty is checked on the built CLI (test/cli/start-up.test.ts).
  it("says no for a pipe, a file and /dev/null", () => {
    const file = path.join(scratch, "out.txt");
    const fd = openSync(file, "w");
    const devNull = openSync("/dev/null", "r");
    try {
      const result = child(
        `const answers = [0, 1, 3, 4].map((fd) => h.isTerminal(fd));
         h.stderr.write(JSON.stringify(answers));`,
        { stdio: ["pipe", "pipe", "pipe", fd, devNull] },
      );
      expect(JSON.parse(result.stderr)).toEqual([false, false, false, false]);
    } finally {
      closeSync(fd);
      closeSync(devNull);
    }
  });

  it("says no for a closed descriptor", () => {
    expect(child(`process.stdout.write(String(h.isTerminal(99)))`).stdout).toBe("false");
  });

  it.skipIf(process.platform !== "linux")("says yes in a real terminal (util-linux script)", () => {
    const hasScript = spawnSync("script", ["--version"]).status === 0;
    if (!hasScript) return;
    const out = execFileSync("script", ["-qec", `${process.execPath} -e 'process.stdout.write("tty:" + require(${JSON.stringify(helpers)}).isTerminal(1))'`, "/dev/null"], {
      encoding: "utf8",
    });
    expect(out).toContain("tty:true");
  });
});

describe("stdout and stderr", () => {
  it("write every byte, in order, into a pipe", () => {
    const result = child(`h.stdout.write("first\\n"); h.stderr.write("to stderr\\n"); h.stdout.write("é ✔ last\\n");`);
    expect(result.stdout).toBe("first\né ✔ last\n");
    expect(result.stderr).toBe("to stderr\n");
  });

  it("go on through the stream when the pipe is non-blocking and full, keeping the order", () => {
    // Touching process.stdout makes the pipe non-blocking (libuv), so writes of more than the
    // pipe holds fail with EAGAIN half-way; the rest must still arrive, after what came before.
    const big = "x".repeat(4 * 1024 * 1024);
    const result = child(
      `process.stdout; h.stdout.write("start\\n"); h.stdout.write("x".repeat(${big.length}) + "\\n"); h.stdout.write("end\\n");`,
    );
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`start\n${big}\nend\n`);
  });
});
